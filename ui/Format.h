#pragma once

#include <QString>
#include <QtGlobal>

// How the console writes money, shares, durations and times. Money is formatted from integer µcr
// (no floating point on the way to the text), so what the operator reads is exactly what the
// ledger holds; doubles appear only where a chart needs a coordinate.
namespace streamsync::ui::format {

// "12.5 cr", "0.023 cr", "-3.000001 cr": exact, trailing zeros trimmed to at least two decimals.
QString credits(qint64 micro);
// "1,250 µcr/query": the unit prices are quoted in.
QString pricePerQuery(qint64 micro);
// "0.023 cr/GB-month".
QString perGbMonth(qint64 micro);
// "12.3 %" for a share in [0, 1].
QString percent(double share, int decimals = 1);
// "2 d 03:14:05", "03:14:05": a countdown that reads the same every second.
QString countdown(qint64 ms);
// "1 h", "10 min", "7 d": an epoch length or a period.
QString period(qint64 ms);
// The locale's short date and time ("12/03/2024 14:30"), or only the time when it is today.
QString dateTime(qint64 ms);
QString timeOfDay(qint64 ms);
// A chart coordinate in credits; only for plotting.
double toCredits(qint64 micro);
// A hash shortened for a table cell: "ab12cd34…9f0e".
QString shortHash(const QString &hex);

} // namespace streamsync::ui::format
