// The rules every console chart follows, without a window: padded ranges that stay readable with
// one point and with a year of them, date formats per span, the cap on points per series, the
// outlines that draw per-epoch blocks, and the money and countdown texts the views show.

#include "ChartFrame.h"
#include "ChartStyle.h"
#include "EarningsPage.h"
#include "Format.h"
#include "StakePage.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLocale>
#include <QPalette>
#include <QTest>
#include <QValueAxis>

#include <algorithm>

using namespace streamsync;
using namespace streamsync::ui;

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kStartMs = 1'700'000'000'000;

QList<QPointF> wave(int count)
{
    QList<QPointF> points;
    for (int i = 0; i < count; ++i)
        points.append({double(kStartMs + i * kHourMs), 50.0 + 40.0 * std::sin(i / 100.0)});
    return points;
}

} // namespace

class TestChartStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void onePointGetsABandAroundIt();
    void amountsKeepZeroInView();
    void spanGetsAMargin();
    void onePointInTimeGetsAnHourEitherSide();
    void dateFormatFitsTheSpan();
    void tenThousandPointsAreCappedAndSpanTheSameRange();
    void shortSeriesAreLeftAlone();
    void keepLastOfBucketsKeepsRealPoints();
    void blockOutlineDrawsBarsOnATimeAxis();
    void stepLineHoldsEachValue();
    void labelFormatHasEnoughDecimals();
    void earningsBucketsAddUpAYear();
    void frameWithOnePointHasReadableAxes();
    void frameShowsMessageInsteadOfEmptyChart();
    void themeFollowsThePalette();
    void moneyIsFormattedFromMicroCredits();
    void countdownReadsTheSameEverySecond();
};

void TestChartStyle::onePointGetsABandAroundIt()
{
    const chart::AxisRange r = chart::paddedRange(120, 120, false);
    QVERIFY(r.min < 120 && r.max > 120);
    QCOMPARE(r.max - 120, 120 - r.min);
    const chart::AxisRange zero = chart::paddedRange(0, 0, false);
    QVERIFY(zero.min < 0 && zero.max > 0); // not a zero-height axis
    QCOMPARE(chart::paddedRange(QList<double>{}, false).max, 1.0);
}

void TestChartStyle::amountsKeepZeroInView()
{
    const chart::AxisRange r = chart::paddedRange(100, 150, true);
    QCOMPARE(r.min, 0.0);
    QVERIFY(r.max > 150);
    // Only zeros of an amount (no stake yet): from 0 up, no negative band under it.
    const chart::AxisRange nothing = chart::paddedRange(0, 0, true);
    QCOMPARE(nothing.min, 0.0);
    QCOMPARE(nothing.max, 1.0);
    const chart::AxisRange single = chart::paddedRange(QList<double>{7.5}, true);
    QCOMPARE(single.min, 0.0);
    QVERIFY(single.max > 7.5);
}

void TestChartStyle::spanGetsAMargin()
{
    const chart::AxisRange r = chart::paddedRange(10, 20, false);
    QVERIFY(r.min < 10 && r.min > 9);
    QVERIFY(r.max > 20 && r.max < 21);
}

void TestChartStyle::onePointInTimeGetsAnHourEitherSide()
{
    const chart::TimeSpan one = chart::paddedTimeSpan(kStartMs, kStartMs);
    QCOMPARE(one.fromMs, kStartMs - kHourMs);
    QCOMPARE(one.toMs, kStartMs + kHourMs);
    const chart::TimeSpan year = chart::paddedTimeSpan(kStartMs, kStartMs + 8760 * kHourMs);
    QVERIFY(year.fromMs < kStartMs && year.toMs > kStartMs + 8760 * kHourMs);
    QVERIFY(kStartMs - year.fromMs < 8760 * kHourMs / 20);
}

void TestChartStyle::dateFormatFitsTheSpan()
{
    QCOMPARE(chart::dateTimeFormat(5 * 60'000), QStringLiteral("HH:mm:ss"));
    QCOMPARE(chart::dateTimeFormat(kHourMs), QStringLiteral("HH:mm"));
    QCOMPARE(chart::dateTimeFormat(24 * kHourMs), QStringLiteral("ddd HH:mm"));
    QCOMPARE(chart::dateTimeFormat(7 * 24 * kHourMs), QStringLiteral("d MMM"));
    QCOMPARE(chart::dateTimeFormat(365 * 24 * kHourMs), QStringLiteral("MMM yyyy"));
}

void TestChartStyle::tenThousandPointsAreCappedAndSpanTheSameRange()
{
    const QList<QPointF> points = wave(10'000);
    const QList<QPointF> thin = chart::decimate(points);
    QVERIFY2(thin.size() <= chart::kMaxPointsPerSeries, qPrintable(QString::number(thin.size())));
    QVERIFY(thin.size() > chart::kMaxPointsPerSeries / 2);
    QCOMPARE(thin.constFirst(), points.constFirst());
    QCOMPARE(thin.constLast(), points.constLast());
    QVERIFY(std::is_sorted(thin.begin(), thin.end(),
                           [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    // The averaged line stays inside the original's extremes, so the axis fits both.
    const chart::AxisRange all = chart::extremes({points});
    const chart::AxisRange thinned = chart::extremes({thin});
    QVERIFY(thinned.min >= all.min && thinned.max <= all.max);
    const chart::AxisRange axis = chart::paddedRange(all.min, all.max, false);
    QVERIFY(axis.min < all.min && axis.max > all.max);
}

void TestChartStyle::shortSeriesAreLeftAlone()
{
    QCOMPARE(chart::decimate(wave(1)), wave(1));
    QCOMPARE(chart::decimate(wave(1000)), wave(1000));
    QCOMPARE(chart::bucketSize(1000), 1);
    QCOMPARE(chart::bucketSize(1001), 2);
    QCOMPARE(chart::bucketSize(10'000), 10);
}

void TestChartStyle::keepLastOfBucketsKeepsRealPoints()
{
    QList<int> items;
    for (int i = 0; i < 10'001; ++i)
        items.append(i);
    const QList<int> kept = chart::keepLastOfBuckets(items);
    QVERIFY(kept.size() <= chart::kMaxPointsPerSeries);
    QCOMPARE(kept.constLast(), 10'000); // the newest observation is always shown
    QVERIFY(std::is_sorted(kept.begin(), kept.end()));
    QCOMPARE(chart::keepLastOfBuckets(QList<int>{5}), QList<int>{5});
}

void TestChartStyle::blockOutlineDrawsBarsOnATimeAxis()
{
    const QList<QPointF> one = chart::blockOutline({{0, 10, 3.0}});
    QCOMPARE(one, (QList<QPointF>{{0, 0}, {0, 3}, {10, 3}, {10, 0}}));
    // Adjacent blocks share an edge; a gap drops to zero between them.
    const QList<QPointF> two = chart::blockOutline({{0, 10, 3.0}, {10, 20, 5.0}, {30, 40, 1.0}});
    QCOMPARE(two, (QList<QPointF>{{0, 0},
                                  {0, 3},
                                  {10, 3},
                                  {10, 5},
                                  {20, 5},
                                  {20, 0},
                                  {30, 0},
                                  {30, 1},
                                  {40, 1},
                                  {40, 0}}));
    QVERIFY(chart::blockOutline({}).isEmpty());
}

void TestChartStyle::stepLineHoldsEachValue()
{
    QCOMPARE(chart::stepLine({{0, 100}, {10, 80}}, 25),
             (QList<QPointF>{{0, 100}, {10, 100}, {10, 80}, {25, 80}}));
    QCOMPARE(chart::stepLine({{5, 7}}, 9), (QList<QPointF>{{5, 7}, {9, 7}}));
}

void TestChartStyle::labelFormatHasEnoughDecimals()
{
    QCOMPARE(chart::labelFormat(150), QStringLiteral("%.0f"));
    QCOMPARE(chart::labelFormat(5), QStringLiteral("%.1f"));
    QCOMPARE(chart::labelFormat(0.023), QStringLiteral("%.3f"));
    QCOMPARE(chart::labelFormat(0), QStringLiteral("%.1f"));
}

void TestChartStyle::earningsBucketsAddUpAYear()
{
    QList<interfaces::EpochEarnings> epochs;
    qint64 total = 0;
    for (int i = 0; i < 8760; ++i) {
        interfaces::EpochEarnings e;
        e.epoch = i;
        e.startMs = kStartMs + i * kHourMs;
        e.endMs = e.startMs + kHourMs;
        e.feesMicro = 1000 + i;
        e.dividendMicro = 7;
        e.subsidyMicro = 3;
        total += e.feesMicro + e.dividendMicro + e.subsidyMicro;
        epochs.prepend(e); // order must not matter
    }
    const auto buckets = EarningsPage::buckets(epochs, chart::kMaxPointsPerSeries / 2);
    QVERIFY(buckets.size() <= chart::kMaxPointsPerSeries / 2);
    qint64 sum = 0;
    for (const auto &b : buckets)
        sum += b.total();
    QCOMPARE(sum, total); // aggregated, not sampled: nothing earned disappears
    QCOMPARE(buckets.constFirst().fromMs, kStartMs);
    QCOMPARE(buckets.constLast().toMs, kStartMs + 8760 * kHourMs);
    QCOMPARE(buckets.constFirst().firstEpoch, qint64(0));
    QCOMPARE(EarningsPage::buckets(epochs.mid(0, 1), 500).size(), 1);
}

void TestChartStyle::frameWithOnePointHasReadableAxes()
{
    ChartFrame frame(QStringLiteral("test"));
    frame.resize(800, 400);
    QDateTimeAxis *time = frame.addTimeAxis(kStartMs, kStartMs);
    QValueAxis *value = frame.addValueAxis(chart::paddedRange(42, 42, true), QStringLiteral("cr"));
    frame.addLine(QStringLiteral("one"), {{double(kStartMs), 42}}, Qt::red, {time, value});
    QVERIFY(time->max().toMSecsSinceEpoch() - time->min().toMSecsSinceEpoch() >= 2 * kHourMs);
    QCOMPARE(time->format(), QStringLiteral("HH:mm"));
    QVERIFY(value->min() <= 0 && value->max() > 42);
    QCOMPARE(value->titleText(), QStringLiteral("cr"));
    QVERIFY(time->tickCount() >= 3);
    QCOMPARE(frame.view()->objectName(), QStringLiteral("testChartView"));
}

void TestChartStyle::frameShowsMessageInsteadOfEmptyChart()
{
    ChartFrame frame(QStringLiteral("test"));
    frame.showMessage(QStringLiteral("No closed epoch yet"));
    QVERIFY(!frame.isShowingChart());
    QCOMPARE(frame.message(), QStringLiteral("No closed epoch yet"));
    frame.showChart();
    QVERIFY(frame.isShowingChart());
    QVERIFY(frame.message().isEmpty());
}

void TestChartStyle::themeFollowsThePalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    QCOMPARE(chart::themeFor(dark), QChart::ChartThemeDark);
    QCOMPARE(chart::themeFor(light), QChart::ChartThemeLight);

    ChartFrame frame(QStringLiteral("test"));
    int rebuilds = 0;
    connect(&frame, &ChartFrame::themeChanged, this, [&rebuilds] { ++rebuilds; });
    frame.setPalette(dark);
    QCOMPARE(frame.chart()->theme(), QChart::ChartThemeDark);
    QVERIFY(rebuilds >= 1); // pages redraw: a theme resets series colours
}

void TestChartStyle::moneyIsFormattedFromMicroCredits()
{
    QCOMPARE(format::credits(1'500'000), QStringLiteral("1.50 cr"));
    QCOMPARE(format::credits(23'000), QStringLiteral("0.023 cr"));
    QCOMPARE(format::credits(-1), QStringLiteral("-0.000001 cr"));
    QCOMPARE(format::credits(1'234'567'890'123), QStringLiteral("1,234,567.890123 cr"));
    QCOMPARE(format::credits(std::numeric_limits<qint64>::min()),
             QStringLiteral("-9,223,372,036,854.775808 cr"));
    QCOMPARE(format::pricePerQuery(1250), QStringLiteral("1,250 µcr/query"));
    QCOMPARE(format::perGbMonth(23'000), QStringLiteral("0.023 cr/GB-month"));
    QCOMPARE(format::percent(0.1234), QStringLiteral("12.3 %"));
}

void TestChartStyle::countdownReadsTheSameEverySecond()
{
    const qint64 ms = ((2 * 24 + 3) * 3600 + 14 * 60 + 5) * 1000LL;
    QCOMPARE(format::countdown(ms), QStringLiteral("2 d 03:14:05"));
    QCOMPARE(format::countdown(59'999), QStringLiteral("00:00:59"));
    QCOMPARE(StakePage::countdownText(kStartMs + ms, kStartMs),
             QStringLiteral("releases in 2 d 03:14:05"));
    QVERIFY(
        StakePage::countdownText(kStartMs, kStartMs + 1).startsWith(QStringLiteral("released")));
    QCOMPARE(format::period(kHourMs), QStringLiteral("1 h"));
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestChartStyle test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_chart_style.moc"
