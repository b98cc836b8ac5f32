#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace streamsync::prometheus {

// Pieces of the Prometheus text exposition format 0.0.4, escaped as the format requires.

bool isMetricName(const QString &name);
bool isLabelName(const QString &name);
// HELP text: backslash and line feed escaped.
QByteArray escapeHelp(const QString &help);
// `{a="x",b="y"}` from pairs already sorted by name; empty for no labels. Backslash, double
// quote and line feed in values are escaped.
QByteArray labelText(const QList<QPair<QString, QString>> &labels);
// Integral values as integers, others in the shortest form that reads back exactly; NaN,
// +Inf and -Inf as the format spells them.
QByteArray formatValue(double value);

} // namespace streamsync::prometheus
