#include "daemon/PrometheusText.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace streamsync::prometheus {

namespace {

// Below 2^53 every integer is exact in a double, so it prints as one.
constexpr double kExactIntegers = 9007199254740992.0;

QByteArray escaped(const QString &text, bool quotes)
{
    QByteArray out;
    for (const char c : text.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quotes)
            out += "\\\"";
        else
            out += c;
    }
    return out;
}

} // namespace

bool isMetricName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    return pattern.match(name).hasMatch();
}

bool isLabelName(const QString &name)
{
    // Names starting with "__" are reserved for Prometheus itself.
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    return pattern.match(name).hasMatch() && !name.startsWith(QLatin1String("__"));
}

QByteArray escapeHelp(const QString &help)
{
    return escaped(help, false);
}

QByteArray labelText(const QList<QPair<QString, QString>> &labels)
{
    if (labels.isEmpty())
        return {};
    QByteArray out = "{";
    for (const auto &[name, value] : labels) {
        if (out.size() > 1)
            out += ',';
        out += name.toUtf8() + "=\"" + escaped(value, true) + '"';
    }
    return out + '}';
}

QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < kExactIntegers)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace streamsync::prometheus
