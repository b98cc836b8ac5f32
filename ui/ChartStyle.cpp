#include "ChartStyle.h"

#include <QPalette>

#include <algorithm>
#include <cmath>
#include <limits>

namespace streamsync::ui::chart {

namespace {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;

} // namespace

AxisRange paddedRange(double min, double max, bool fromZero)
{
    if (min > max)
        std::swap(min, max);
    const double span = max - min;
    // A flat line: a band of 10 % of its value (or 1 unit around zero) either side.
    const double pad = span > 0 ? span * 0.08 : std::max(std::abs(max) * 0.1, 1.0);
    AxisRange range{min - pad, max + pad};
    // Nothing but zeros of an amount (no stake yet): 0 at the bottom, never a negative band.
    if (fromZero && min == 0.0 && max == 0.0)
        return {0.0, 1.0};
    if (fromZero && min >= 0)
        range.min = 0;
    if (fromZero && max <= 0)
        range.max = 0;
    return range;
}

AxisRange paddedRange(const QList<double> &values, bool fromZero)
{
    if (values.isEmpty())
        return {0.0, 1.0};
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    return paddedRange(*lo, *hi, fromZero);
}

TimeSpan paddedTimeSpan(qint64 fromMs, qint64 toMs)
{
    if (fromMs > toMs)
        std::swap(fromMs, toMs);
    if (toMs - fromMs < kMinuteMs) {
        const qint64 middle = fromMs + (toMs - fromMs) / 2;
        return {middle - kHourMs, middle + kHourMs};
    }
    const qint64 pad = (toMs - fromMs) / 50;
    return {fromMs - pad, toMs + pad};
}

QString dateTimeFormat(qint64 spanMs)
{
    // Minutes alone would repeat under ticks less than a minute apart (a market minutes old).
    if (spanMs <= 15 * kMinuteMs)
        return QStringLiteral("HH:mm:ss");
    if (spanMs <= 3 * kHourMs)
        return QStringLiteral("HH:mm");
    if (spanMs <= 2 * kDayMs)
        return QStringLiteral("ddd HH:mm");
    if (spanMs <= 60 * kDayMs)
        return QStringLiteral("d MMM");
    return QStringLiteral("MMM yyyy");
}

QString labelFormat(double maxAbs)
{
    const double magnitude = maxAbs > 0 ? std::floor(std::log10(maxAbs)) : 0.0;
    const int decimals = std::clamp(int(1 - magnitude), 0, 6);
    return QStringLiteral("%.%1f").arg(decimals);
}

int bucketSize(int count, int cap)
{
    if (cap <= 0 || count <= cap)
        return 1;
    return (count + cap - 1) / cap;
}

QList<QPointF> decimate(const QList<QPointF> &points, int cap)
{
    if (points.size() <= cap || cap < 3)
        return points;
    // The ends stay exact; the inside is averaged in buckets that fit in the rest.
    const int inner = int(points.size()) - 2;
    const int size = bucketSize(inner, cap - 2);
    QList<QPointF> out;
    out.reserve(cap);
    out.append(points.constFirst());
    for (int start = 1; start <= inner; start += size) {
        const int end = std::min(start + size, inner + 1);
        QPointF sum;
        for (int i = start; i < end; ++i)
            sum += points.at(i);
        out.append(sum / double(end - start));
    }
    out.append(points.constLast());
    return out;
}

AxisRange extremes(const QList<QList<QPointF>> &series)
{
    double lo = std::numeric_limits<double>::max();
    double hi = std::numeric_limits<double>::lowest();
    for (const QList<QPointF> &points : series) {
        for (const QPointF &p : points) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    }
    if (lo > hi)
        return {0.0, 0.0};
    return {lo, hi};
}

QList<QPointF> blockOutline(const QList<Block> &blocks)
{
    QList<QPointF> out;
    out.reserve(blocks.size() * 2 + 2);
    for (int i = 0; i < blocks.size(); ++i) {
        const Block &b = blocks.at(i);
        const bool gapBefore = i > 0 && blocks.at(i - 1).toMs < b.fromMs;
        if (gapBefore)
            out.append({double(blocks.at(i - 1).toMs), 0.0});
        if (i == 0 || gapBefore)
            out.append({double(b.fromMs), 0.0});
        out.append({double(b.fromMs), b.value});
        out.append({double(b.toMs), b.value});
    }
    if (!blocks.isEmpty())
        out.append({double(blocks.constLast().toMs), 0.0});
    return out;
}

QList<QPointF> stepLine(const QList<QPointF> &changes, double endX)
{
    QList<QPointF> out;
    out.reserve(changes.size() * 2 + 1);
    for (int i = 0; i < changes.size(); ++i) {
        if (i > 0)
            out.append({changes.at(i).x(), changes.at(i - 1).y()});
        out.append(changes.at(i));
    }
    if (!changes.isEmpty() && endX > changes.constLast().x())
        out.append({endX, changes.constLast().y()});
    return out;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QChart::ChartTheme themeFor(const QPalette &palette)
{
    return isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight;
}

} // namespace streamsync::ui::chart
