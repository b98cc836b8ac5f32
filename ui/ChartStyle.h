#pragma once

#include <QChart>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

#include <functional>

class QPalette;

// The rules every console chart follows, as pure functions so they can be tested without a
// window: ranges that stay readable with one point or a year of them, date formats that fit the
// span shown, a cap on the points a series holds, and the chart theme that matches the palette.
namespace streamsync::ui::chart {

// At most this many points per series: more than a chart's width in pixels draws nothing new and
// makes hover and redraw slow.
constexpr int kMaxPointsPerSeries = 1000;

struct AxisRange
{
    double min = 0.0;
    double max = 1.0;
};

// A value axis around [min, max]: a flat or single value gets a band around it (so the line is
// not glued to the frame and the axis has more than one label), a span gets a margin, and
// `fromZero` keeps zero in view for amounts where "how far from nothing" matters.
AxisRange paddedRange(double min, double max, bool fromZero);
// The same over the extremes of `values`; an empty list gives [0, 1].
AxisRange paddedRange(const QList<double> &values, bool fromZero);

// A time axis around [fromMs, toMs]: one instant gets an hour either side, a span gets 2 % margin.
struct TimeSpan
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
};
TimeSpan paddedTimeSpan(qint64 fromMs, qint64 toMs);

// A QDateTimeAxis format that shows what changes across `spanMs` and no more.
QString dateTimeFormat(qint64 spanMs);

// How many consecutive items go into one bucket so that `count` items give at most `cap`.
int bucketSize(int count, int cap = kMaxPointsPerSeries);

// Thins a line to at most `cap` points by averaging each bucket of consecutive points (x and y),
// keeping the first and last point exactly so the line still spans the same range.
QList<QPointF> decimate(const QList<QPointF> &points, int cap = kMaxPointsPerSeries);

// Thins a time-ordered list to at most `cap` items by keeping the last item of each bucket of
// consecutive items: a real observation (a score, a stake) rather than an average nobody saw.
template <typename T>
QList<T> keepLastOfBuckets(const QList<T> &items, int cap = kMaxPointsPerSeries)
{
    const int size = bucketSize(int(items.size()), cap);
    if (size == 1)
        return items;
    QList<T> out;
    for (int i = size - 1; i < items.size() + size - 1; i += size)
        out.append(items.at(qMin(i, int(items.size()) - 1)));
    return out;
}

// The extremes of a set of series' y values, skipping none.
AxisRange extremes(const QList<QList<QPointF>> &series);

// A printf format for tick labels with enough decimals to tell ticks apart up to `maxAbs`
// ("%.0f" for hundreds, "%.3f" for thousandths).
QString labelFormat(double maxAbs);

// A value held over a span of time: an epoch's earnings, a bucket of epochs.
struct Block
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    double value = 0.0;
};
// The outline of consecutive blocks as a step line (flat over each block, vertical at the
// edges, down to zero across gaps), for bar-like areas on a time axis.
QList<QPointF> blockOutline(const QList<Block> &blocks);
// A value that changes at instants and holds until the next change (an offer's price), drawn
// as a step line that ends at `endX`.
QList<QPointF> stepLine(const QList<QPointF> &changes, double endX);

// Light or dark chart theme, following the window colour's lightness.
QChart::ChartTheme themeFor(const QPalette &palette);
bool isDark(const QPalette &palette);

// Colours that carry a meaning and stay the same in every chart and both themes, chosen to read
// on white and on a dark background alike.
namespace colors {
inline QColor fees()
{
    return QColor(0x3b, 0x82, 0xc4);
}
inline QColor dividend()
{
    return QColor(0x2e, 0x9d, 0x4f);
}
inline QColor subsidy()
{
    return QColor(0xe0, 0x8a, 0x1e);
}
inline QColor cumulative()
{
    return QColor(0x9b, 0x59, 0xb6);
}
inline QColor danger()
{
    return QColor(0xd6, 0x45, 0x45);
}
inline QColor own()
{
    return QColor(0xe0, 0x24, 0x5e);
}
inline QColor median()
{
    return QColor(0x8a, 0x8f, 0x98);
}
inline QColor cost()
{
    return QColor(0x8e, 0x6c, 0x3f);
}
// Distinct colours for series that mean only "another one" (competitors), none of them the
// own-price red.
inline QColor series(int index)
{
    static const QRgb cycle[] = {0x3b82c4, 0x2e9d4f, 0xe08a1e, 0x9b59b6, 0x1aa6a6,
                                 0xb8860b, 0x7f8c8d, 0x5d6dbe, 0x8bc34a, 0xc0707f};
    return QColor(cycle[index % int(sizeof(cycle) / sizeof(cycle[0]))]);
}
} // namespace colors

} // namespace streamsync::ui::chart
