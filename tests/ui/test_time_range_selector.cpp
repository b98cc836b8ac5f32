// TimeRangeSelector: the ranges each preset gives against a pinned clock, the custom fields,
// and the signal views refresh on.

#include "TimeRangeSelector.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QSignalSpy>
#include <QTest>

using namespace streamsync;
using namespace streamsync::ui;
using Preset = TimeRangeSelector::Preset;

namespace {

constexpr qint64 kNowMs = 1'700'000'000'000;
constexpr qint64 kHourMs = 3'600'000;

} // namespace

class TestTimeRangeSelector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presetsEndNowAndReachBack_data();
    void presetsEndNowAndReachBack();
    void allHasNoBounds();
    void customUsesBothFieldsInOrder();
    void customFieldsShowOnlyForCustom();
    void choosingAPresetEmitsTheRange();
    void presetsSlideWithTheClock();

private:
    qint64 m_now = kNowMs;
};

void TestTimeRangeSelector::presetsEndNowAndReachBack_data()
{
    QTest::addColumn<int>("preset");
    QTest::addColumn<qint64>("lengthMs");
    QTest::newRow("1 h") << int(Preset::LastHour) << kHourMs;
    QTest::newRow("24 h") << int(Preset::LastDay) << 24 * kHourMs;
    QTest::newRow("7 d") << int(Preset::LastWeek) << 7 * 24 * kHourMs;
    QTest::newRow("30 d") << int(Preset::LastMonth) << 30 * 24 * kHourMs;
}

void TestTimeRangeSelector::presetsEndNowAndReachBack()
{
    QFETCH(int, preset);
    QFETCH(qint64, lengthMs);
    TimeRangeSelector selector;
    selector.setNowFunction([] { return kNowMs; });
    selector.setPreset(static_cast<Preset>(preset));
    const interfaces::TimeRange range = selector.range();
    QCOMPARE(range.fromMs, kNowMs - lengthMs);
    QCOMPARE(range.toMs, qint64(0)); // "up to now", whenever the view loads
    QCOMPARE(TimeRangeSelector::presetLengthMs(static_cast<Preset>(preset)), lengthMs);
}

void TestTimeRangeSelector::allHasNoBounds()
{
    TimeRangeSelector selector;
    selector.setPreset(Preset::All);
    QCOMPARE(selector.range().fromMs, qint64(0));
    QCOMPARE(selector.range().toMs, qint64(0));
}

void TestTimeRangeSelector::customUsesBothFieldsInOrder()
{
    TimeRangeSelector selector;
    QSignalSpy changed(&selector, &TimeRangeSelector::rangeChanged);
    const qint64 from = kNowMs - 5 * kHourMs;
    selector.setCustomRange(from, kNowMs);
    QCOMPARE(selector.preset(), Preset::Custom);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(selector.range().fromMs, from);
    QCOMPARE(selector.range().toMs, kNowMs);

    // Typed the wrong way round: the earlier bound still comes first.
    auto *fromEdit = selector.findChild<QDateTimeEdit *>(QStringLiteral("rangeFromEdit"));
    fromEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(kNowMs + kHourMs));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(selector.range().fromMs, kNowMs);
    QCOMPARE(selector.range().toMs, kNowMs + kHourMs);
    const auto emitted = changed.last().at(0).value<interfaces::TimeRange>();
    QCOMPARE(emitted.fromMs, kNowMs);
}

void TestTimeRangeSelector::customFieldsShowOnlyForCustom()
{
    TimeRangeSelector selector;
    auto *fromEdit = selector.findChild<QDateTimeEdit *>(QStringLiteral("rangeFromEdit"));
    auto *toEdit = selector.findChild<QDateTimeEdit *>(QStringLiteral("rangeToEdit"));
    QVERIFY(fromEdit->isHidden() && toEdit->isHidden());
    selector.setNowFunction([] { return kNowMs; });
    selector.setPreset(Preset::Custom);
    QVERIFY(!fromEdit->isHidden() && !toEdit->isHidden());
    // Starts from the last day rather than an empty span.
    QCOMPARE(selector.range().toMs - selector.range().fromMs, 24 * kHourMs);
    selector.setPreset(Preset::LastHour);
    QVERIFY(fromEdit->isHidden());
}

void TestTimeRangeSelector::choosingAPresetEmitsTheRange()
{
    TimeRangeSelector selector;
    selector.setNowFunction([] { return kNowMs; });
    QSignalSpy changed(&selector, &TimeRangeSelector::rangeChanged);
    auto *combo = selector.findChild<QComboBox *>(QStringLiteral("rangePresetCombo"));
    QCOMPARE(combo->count(), 6);
    combo->setCurrentIndex(combo->findData(int(Preset::LastWeek)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<interfaces::TimeRange>().fromMs,
             kNowMs - 7 * 24 * kHourMs);
}

void TestTimeRangeSelector::presetsSlideWithTheClock()
{
    TimeRangeSelector selector;
    selector.setNowFunction([this] { return m_now; });
    selector.setPreset(Preset::LastHour);
    const qint64 before = selector.range().fromMs;
    m_now += 10 * 60'000;
    QCOMPARE(selector.range().fromMs, before + 10 * 60'000);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestTimeRangeSelector test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_time_range_selector.moc"
