// The console's views over a stand-in service (support/FakeOperatorService.h): what each view
// shows when the service cannot answer yet (the facade's stubs return errors), that refreshes
// are coalesced and asynchronous, that alerts reach the banner, the node table and the
// notifier, and that the dialogs and hooks (remote node, settings, export, verify, bond) hand
// the right values to the service. Real data comes from the real service's own GUI test.

#include "AddNodeDialog.h"
#include "AddRemoteNodeDialog.h"
#include "AlertNotifier.h"
#include "ChartFrame.h"
#include "ConsoleSettings.h"
#include "EarningsPage.h"
#include "EconomicsPage.h"
#include "FigureRow.h"
#include "LogPage.h"
#include "MainWindow.h"
#include "MarketPage.h"
#include "MessageBanner.h"
#include "NodeTableModel.h"
#include "PassphraseDialog.h"
#include "RefreshCoalescer.h"
#include "ReputationPage.h"
#include "SettingsDialog.h"
#include "StakePage.h"
#include "support/FakeOperatorService.h"
#include "support/SampleData.h"

#include <QAction>
#include <QApplication>
#include <QAreaSeries>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLogValueAxis>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStackedWidget>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>

using namespace streamsync;
using namespace streamsync::ui;
using namespace streamsync::test;

#define CHECKED(call)                                                                              \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

namespace {

const qint64 kNowMs = QDateTime::currentMSecsSinceEpoch();

} // namespace

class TestConsoleViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyViewIsReachableFromTheSidebarAndTheCommandLineName();
    void stubErrorsAreShownInPlaceNotAsDialogs();
    void viewsLoadOnlyOnceUnlockedAndShown();
    void marketChangedBurstsCostOneLoadAtATime();
    void alertsReachBannerTableAndNotifier();
    void overviewComparesNodesSideBySide();
    void overviewShowsADrainsHandoffAndUnbonding();
    void earningsShowsFiguresChartAndPayouts();
    void earningsExportGoesThroughTheHook();
    void reputationDrawsTheThresholdBandWithItsValue();
    void stakeCountsDownAndBonds();
    void economicsKeepsCostAssumptions();
    void economicsUsesALogScaleForATinyStore();
    void figuresWrapInsteadOfWideningTheWindow();
    void logVerifiesWithABusyIndicator();
    void addNodeQuotaFollowsSliderAndUnit();
    void addRemoteNodeChecksTheAddress();
    void settingsStoreTheWebhook();

private:
    void openWindow();
    void unlock();
    template <typename T> T *child(const char *name) const
    {
        return m_window->findChild<T *>(QLatin1String(name));
    }
    MessageBanner *banner() const { return child<MessageBanner>("messageBanner"); }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<FakeOperatorService> m_service;
    std::unique_ptr<MainWindow> m_window;
    QList<SaveFileRequest> m_saveRequests;
};

void TestConsoleViews::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("StreamSyncUiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_console_views"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestConsoleViews::init()
{
    QSettings().clear();
    m_service = std::make_unique<FakeOperatorService>();
    m_saveRequests.clear();
}

void TestConsoleViews::cleanup()
{
    m_window.reset();
    m_service.reset();
}

void TestConsoleViews::openWindow()
{
    m_window = std::make_unique<MainWindow>(*m_service);
    m_window->setSaveFileHook([this](QWidget *, const SaveFileRequest &request, auto chosen) {
        m_saveRequests.append(request);
        chosen(QStringLiteral("/tmp/out/") + request.suggestedName);
    });
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestConsoleViews::unlock()
{
    m_window->start();
    QTRY_VERIFY(child<PassphraseDialog>("passphraseDialog"));
    auto *dialog = child<PassphraseDialog>("passphraseDialog");
    dialog->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))
        ->setText(QStringLiteral("correct horse battery"));
    dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    QTRY_VERIFY(!child<PassphraseDialog>("passphraseDialog"));
    QTRY_COMPARE(child<QLabel>("operatorLabel")->text(), QStringLiteral("Operator ABCD-EFGH"));
}

void TestConsoleViews::everyViewIsReachableFromTheSidebarAndTheCommandLineName()
{
    CHECKED(openWindow());
    auto *stack = child<QStackedWidget>("viewStack");
    auto *sidebar = child<QListWidget>("viewSwitcher");
    const QStringList names = MainWindow::viewNames();
    QCOMPARE(names.join(u' '),
             QStringLiteral("overview earnings reputation stake market economics log"));
    QCOMPARE(sidebar->count(), names.size());
    for (int i = 0; i < names.size(); ++i) {
        QVERIFY(m_window->showView(names.at(i)));
        QCOMPARE(stack->currentIndex(), i);
        QCOMPARE(sidebar->currentRow(), i);
        QVERIFY2(!sidebar->item(i)->icon().isNull(), qPrintable(names.at(i)));
        QCOMPARE(stack->currentWidget()->objectName(), names.at(i) + QStringLiteral("Page"));
    }
    sidebar->setCurrentRow(4);
    QCOMPARE(m_window->currentViewName(), QStringLiteral("market"));
    QVERIFY(child<QAction>("actionViewMarket")->isChecked());
    child<QAction>("actionViewLog")->trigger();
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("logPage"));
    QVERIFY(!m_window->showView(QStringLiteral("nonsense")));

    // The last view is reopened on the next start.
    m_window->close();
    MainWindow second(*m_service);
    QCOMPARE(second.currentViewName(), QStringLiteral("log"));
}

void TestConsoleViews::stubErrorsAreShownInPlaceNotAsDialogs()
{
    CHECKED(openWindow());
    m_service->nodesAnswer.result = QList<NodeSummary>{sampleNode("n1", "desk")};
    CHECKED(unlock());
    for (const char *view : {"earnings", "reputation", "stake", "market", "economics"}) {
        m_window->showView(QLatin1String(view));
        auto *page = child<QStackedWidget>("viewStack")->currentWidget();
        // The page's first chart says why it is empty (others may stay blank beside it).
        const auto framesSay = [page](const QString &text) {
            const auto frames = page->findChildren<ChartFrame *>();
            return std::any_of(frames.begin(), frames.end(),
                               [&](ChartFrame *f) { return f->message().contains(text); });
        };
        QTRY_VERIFY2(framesSay(QStringLiteral("Not implemented in this test.")), view);
    }
    m_window->showView(QStringLiteral("log"));
    QTRY_VERIFY(child<QLabel>("logStatusLabel")
                    ->text()
                    .contains(QStringLiteral("not implemented"), Qt::CaseInsensitive));
    // Loading errors stay in their view; the banner is for the operator's own actions.
    QVERIFY(!banner()->isVisible());
    QVERIFY(QApplication::topLevelWidgets().size() >= 1);
    for (QWidget *w : QApplication::topLevelWidgets())
        QVERIFY2(!w->isVisible() || w == m_window.get() || w->inherits("QToolTip") ||
                     w->windowType() == Qt::ToolTip,
                 qPrintable(w->objectName()));
}

void TestConsoleViews::viewsLoadOnlyOnceUnlockedAndShown()
{
    CHECKED(openWindow());
    m_window->showView(QStringLiteral("earnings"));
    QTest::qWait(300);
    QCOMPARE(m_service->earningsAnswer.calls, 0); // locked: nothing to read yet
    CHECKED(unlock());
    QTRY_COMPARE(m_service->earningsAnswer.calls, 1);
    QCOMPARE(m_service->economicsAnswer.calls, 0); // hidden views wait until shown
    m_window->showView(QStringLiteral("economics"));
    QTRY_COMPARE(m_service->economicsAnswer.calls, 1);
}

void TestConsoleViews::marketChangedBurstsCostOneLoadAtATime()
{
    CHECKED(openWindow());
    m_window->showView(QStringLiteral("earnings"));
    m_service->earningsAnswer.result = sampleEarnings(kNowMs, 24);
    m_service->earningsAnswer.deferred = true;
    CHECKED(unlock());
    QTRY_COMPARE(m_service->earningsAnswer.held(), 1);
    for (int i = 0; i < 50; ++i)
        m_service->announceMarketChanged();
    QTest::qWait(400);
    QCOMPARE(m_service->earningsAnswer.calls, 1); // still the first one in flight
    m_service->earningsAnswer.release();
    QTRY_COMPARE(m_service->earningsAnswer.calls, 2); // one more for the whole burst
    m_service->earningsAnswer.deferred = false;
    m_service->earningsAnswer.release();
    QTest::qWait(400);
    QCOMPARE(m_service->earningsAnswer.calls, 2);
    QTRY_VERIFY(child<ChartFrame>("earningsChart")->isShowingChart());
}

void TestConsoleViews::alertsReachBannerTableAndNotifier()
{
    CHECKED(openWindow());
    m_service->nodesAnswer.result = QList<NodeSummary>{sampleNode("n1", "desk")};
    CHECKED(unlock());
    auto *nodes = child<NodeTableModel>("nodeTableModel");
    QTRY_COMPARE(nodes->rowCount(), 1);
    Alert alert;
    alert.severity = Alert::Severity::Critical;
    alert.nodeId = QStringLiteral("n1");
    alert.kind = QStringLiteral("accuracy");
    alert.text = QStringLiteral("Accuracy fell to 58 %, under the suspension threshold.");
    m_service->announceAlert(alert);
    QVERIFY(banner()->isVisible());
    QCOMPARE(banner()->type(), MessageBanner::Type::Error);
    QCOMPARE(banner()->text(), QStringLiteral("desk: ") + alert.text);
    const QModelIndex count = nodes->index(0, NodeTableModel::AlertsColumn);
    QCOMPARE(count.data().toInt(), 1);
    QCOMPARE(count.data(Qt::ToolTipRole).toString(), alert.text);
    auto *notifier = m_window->findChild<AlertNotifier *>(QStringLiteral("alertNotifier"));
    QVERIFY(notifier);
    QCOMPARE(notifier->lastText(), QStringLiteral("desk: ") + alert.text);
    // Offscreen there is no tray; the alert is still in the banner and the table.
    QCOMPARE(notifier->hasTray(), QSystemTrayIcon::isSystemTrayAvailable());
    m_service->announceAlert(alert);
    QCOMPARE(count.data().toInt(), 2);
}

void TestConsoleViews::overviewComparesNodesSideBySide()
{
    CHECKED(openWindow());
    m_service->nodesAnswer.result =
        QList<NodeSummary>{sampleNode("n1", "desk"), sampleNode("n2", "attic")};
    m_service->earningsAnswer.result = sampleEarnings(kNowMs, 3);
    m_service->reputationAnswer.result = sampleReputation(kNowMs, 5);
    StakeView stake = sampleStake(kNowMs, 3);
    m_service->stakeAnswer.result = stake;
    CHECKED(unlock());
    auto *nodes = child<NodeTableModel>("nodeTableModel");
    QTRY_COMPARE(nodes->rowCount(), 2);
    QTRY_COMPARE(nodes->index(0, NodeTableModel::TodayColumn).data().toString(),
                 QStringLiteral("1.234567 cr"));
    QCOMPARE(nodes->index(1, NodeTableModel::EpochColumn).data().toString(),
             QStringLiteral("0.045678 cr"));
    QVERIFY2(nodes->index(0, NodeTableModel::StakeColumn)
                 .data()
                 .toString()
                 .startsWith(QStringLiteral("50.00 cr (+40.00 cr unbonding, ")),
             qPrintable(nodes->index(0, NodeTableModel::StakeColumn).data().toString()));
    QVERIFY(nodes->index(0, NodeTableModel::AccuracyColumn).data().toString().endsWith(u'%'));
    QCOMPARE(nodes->headerData(NodeTableModel::UsedColumn, Qt::Horizontal).toString(),
             QStringLiteral("Disk used"));
    QVERIFY(nodes->index(0, NodeTableModel::UsedColumn)
                .data()
                .toString()
                .contains(QStringLiteral("(25%)")));
    // Sorting is by value, not by text: unknown figures go below every known one.
    QVERIFY(
        nodes->index(0, NodeTableModel::TotalColumn).data(NodeTableModel::SortRole).toLongLong() >
        0);
}

// The Overview's row of a draining node: how much of its data other nodes hold, what it is
// doing, and the stake on its way out with the time left.
void TestConsoleViews::overviewShowsADrainsHandoffAndUnbonding()
{
    NodeTableModel nodes;
    NodeSummary node = sampleNode("n1", "desk");
    node.state = LifecycleState::Draining;
    node.handoff = HandoffProgress{
        kNowMs - 5000, kNowMs,    3,     1,
        4'000'000,     1'000'000, false, QStringLiteral("handing object 00ab (2.9 MiB) to N5QF")};
    nodes.setNodes({node});
    const QModelIndex state = nodes.index(0, NodeTableModel::StateColumn);
    QCOMPARE(state.data().toString(), QStringLiteral("Draining · 25 % handed off"));
    const QString tip = state.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Handed off 1 of 3 objects")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("to N5QF")), qPrintable(tip));

    NodeMetrics metrics;
    metrics.stakeMicro = 0;
    metrics.unbondingMicro = 100'000'000;
    metrics.nextReleaseMs = kNowMs + 90'000;
    metrics.nextReleaseInMs = 90'000;
    nodes.setMetrics(node.id, metrics);
    QCOMPARE(nodes.index(0, NodeTableModel::StakeColumn).data().toString(),
             QStringLiteral("0.00 cr (+100.00 cr unbonding, 00:01:30 left)"));

    // Done: the node left; the state is plain again, the tooltip keeps what was handed off.
    node.state = LifecycleState::Exited;
    node.handoff->objectsDone = 3;
    node.handoff->bytesDone = node.handoff->bytesTotal;
    node.handoff->complete = true;
    nodes.setNodes({node});
    QCOMPARE(state.data().toString(), QStringLiteral("Exited"));
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(QStringLiteral("3 of 3 objects")));
}

void TestConsoleViews::earningsShowsFiguresChartAndPayouts()
{
    EarningsPage page(*m_service);
    page.resize(1000, 700);
    page.show();
    page.showEarnings(sampleEarnings(kNowMs, 48));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("earningsTodayLabel"))->text(),
             QStringLiteral("1.234567 cr"));
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("earningsMonthEstimateLabel"))->text(),
             QStringLiteral("87.654321 cr"));
    auto *payouts = page.findChild<QTableView *>(QStringLiteral("payoutTable"));
    QCOMPARE(payouts->model()->rowCount(), 48);
    QVERIFY(payouts->model()->index(0, 6).data().toString().size() == 64); // the close hash
    auto *frame = page.findChild<ChartFrame *>(QStringLiteral("earningsChart"));
    QVERIFY(frame->isShowingChart());
    QStringList names;
    for (QAbstractSeries *s : frame->chart()->series())
        names.append(s->name());
    QCOMPARE(names,
             QStringList({QStringLiteral("Fees (your 50 %)"), QStringLiteral("Co-op dividend"),
                          QStringLiteral("Subsidy"), QStringLiteral("Cumulative in range")}));
    // Hovering names the epoch, its time and each source.
    auto *fees = qobject_cast<QAreaSeries *>(frame->chart()->series().first());
    const qint64 middle = sampleEarnings(kNowMs, 48).epochs.at(20).endMs - 1000;
    Q_EMIT fees->hovered(QPointF(double(middle), 0.05), true);
    QVERIFY2(frame->lastTooltip().contains(QStringLiteral("Fees:")) &&
                 frame->lastTooltip().contains(QStringLiteral("closed")),
             qPrintable(frame->lastTooltip()));
    // Units on every axis.
    for (QAbstractAxis *axis : frame->chart()->axes(Qt::Vertical))
        QVERIFY2(axis->titleText().contains(QStringLiteral("(cr)")), qPrintable(axis->titleText()));

    EarningsSeries empty;
    empty.epochLengthMs = 3'600'000;
    page.showEarnings(empty);
    QVERIFY(frame->message().startsWith(QStringLiteral("No closed epoch yet")));
    QVERIFY(frame->message().contains(QStringLiteral("every 1 h")));
}

void TestConsoleViews::earningsExportGoesThroughTheHook()
{
    CHECKED(openWindow());
    m_service->exportCsvAnswer.result = QStringLiteral("48 epochs");
    CHECKED(unlock());
    m_window->showView(QStringLiteral("earnings"));
    child<QPushButton>("exportEarningsButton")->click();
    QCOMPARE(m_saveRequests.size(), 1);
    QVERIFY(m_saveRequests.first().suggestedName.endsWith(QStringLiteral(".csv")));
    QCOMPARE(m_service->exportPaths.size(), 1);
    QVERIFY(m_service->exportPaths.first().startsWith(QStringLiteral("/tmp/out/")));
    QTRY_COMPARE(banner()->type(), MessageBanner::Type::Positive);
    QVERIFY(banner()->text().contains(QStringLiteral("Saved the earnings")));
}

void TestConsoleViews::reputationDrawsTheThresholdBandWithItsValue()
{
    ReputationPage page(*m_service);
    page.setNodes({sampleNode("n1", "desk")});
    page.resize(1000, 700);
    page.show();
    page.showReputation(sampleReputation(kNowMs, 1)); // one point: still readable
    auto *frame = page.findChild<ChartFrame *>(QStringLiteral("reputationChart"));
    QVERIFY(frame->isShowingChart());
    QStringList names;
    for (QAbstractSeries *s : frame->chart()->series())
        names.append(s->name());
    QVERIFY2(names.contains(QStringLiteral("Suspended under 60 % accuracy")),
             qPrintable(names.join(u',')));
    QVERIFY(names.contains(QStringLiteral("Accuracy")) && names.contains(QStringLiteral("Uptime")));
    auto *percent = qobject_cast<QValueAxis *>(frame->chart()->axes(Qt::Vertical).first());
    QCOMPARE(percent->min(), 0.0);
    QCOMPARE(percent->max(), 100.0);
    QCOMPARE(percent->titleText(), QStringLiteral("Score (%)"));
    QCOMPARE(page.findChild<QTableView *>(QStringLiteral("causeTable"))->model()->rowCount(), 1);
}

void TestConsoleViews::stakeCountsDownAndBonds()
{
    StakePage page(*m_service);
    qint64 now = kNowMs;
    page.setNowFunction([&now] { return now; });
    page.setNodes({sampleNode("n1", "desk")});
    page.resize(1000, 700);
    page.show();
    page.showStake(sampleStake(kNowMs, 20));
    auto *table = page.findChild<QTableView *>(QStringLiteral("unbondingTable"));
    QTRY_COMPARE(table->model()->index(0, 2).data().toString(),
                 QStringLiteral("releases in 2 d 03:14:05"));
    now += 5000;
    QTRY_COMPARE(table->model()->index(0, 2).data().toString(),
                 QStringLiteral("releases in 2 d 03:14:00"));

    auto *slashes = page.findChild<QTableView *>(QStringLiteral("slashTable"));
    slashes->selectRow(0);
    QVERIFY(page.findChild<QPlainTextEdit *>(QStringLiteral("slashProofText"))
                ->toPlainText()
                .contains(QStringLiteral("Merkle path")));

    m_service->bondAnswer.result = sampleStake(kNowMs, 0);
    auto *amount = page.findChild<QDoubleSpinBox *>(QStringLiteral("stakeAmountSpin"));
    amount->setValue(12.5);
    QSignalSpy messages(&page, &ConsolePage::message);
    page.findChild<QPushButton *>(QStringLiteral("bondButton"))->click();
    QCOMPARE(m_service->bondAmounts, QList<qint64>{12'500'000});
    QCOMPARE(messages.size(), 1);
    amount->setValue(1e6); // more than the balance
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("bondButton"))->isEnabled());
}

void TestConsoleViews::economicsKeepsCostAssumptions()
{
    {
        EconomicsPage page(*m_service);
        page.findChild<QDoubleSpinBox *>(QStringLiteral("electricitySpin"))->setValue(6.5);
        page.findChild<QDoubleSpinBox *>(QStringLiteral("diskCostSpin"))->setValue(0.002);
        QCOMPARE(page.costs().electricityPerMonthMicro, qint64(6'500'000));
        page.showEconomics(sampleEconomics(kNowMs, 48));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("syntheticMarginLabel"))
                    ->text()
                    .contains(QStringLiteral("cr/GB-month")));
        auto *frame = page.findChild<ChartFrame *>(QStringLiteral("economicsChart"));
        QStringList names;
        for (QAbstractSeries *s : frame->chart()->series())
            names.append(s->name());
        QVERIFY(names.contains(QStringLiteral("Incumbent's price")));
        QVERIFY(names.contains(QStringLiteral("Your cost")));
    }
    QCOMPARE(ConsoleSettings().electricityPerMonthMicro(), qint64(6'500'000));
    EconomicsPage again(*m_service);
    QCOMPARE(again.costs().diskPerGbMonthMicro, qint64(2'000));
}

// A node that stores 4 MB and earns from queries makes hundreds of millions of cr per
// GB-month: on a linear axis the incumbent's 0.023 would lie on the axis. The page switches to a
// log axis that holds both, and says why in words.
void TestConsoleViews::economicsUsesALogScaleForATinyStore()
{
    EconomicsPage page(*m_service);
    page.resize(1000, 700);
    page.show();
    page.showEconomics(sampleEconomics(kNowMs, 24));
    auto *note = page.findChild<QLabel *>(QStringLiteral("economicsScaleNote"));
    QVERIFY(!page.isLogScale());
    QVERIFY(note->isHidden());

    EconomicsView tiny = sampleEconomics(kNowMs, 24);
    tiny.storedBytes = 4'000'000;
    for (EconomicsPoint &p : tiny.points) {
        p.feesPerGbMonthMicro *= 10'000'000;
        p.subsidyPerGbMonthMicro *= 40'000'000;
    }
    tiny.points[3].feesPerGbMonthMicro = 0; // an epoch without fees: still drawn
    tiny.points[0] = {tiny.points[0].epoch, tiny.points[0].endMs, 0, 0}; // nothing stored yet
    page.showEconomics(tiny);
    QVERIFY(page.isLogScale());
    auto *frame = page.findChild<ChartFrame *>(QStringLiteral("economicsChart"));
    QVERIFY(frame->isShowingChart());
    const auto axes = frame->chart()->axes(Qt::Vertical);
    QCOMPARE(axes.size(), 1);
    auto *log = qobject_cast<QLogValueAxis *>(axes.first());
    QVERIFY(log);
    QVERIFY(log->titleText().contains(QStringLiteral("log scale")));
    // Both the incumbent's price and the largest revenue lie inside the axis.
    QVERIFY(log->min() <= 0.023 && log->max() >= 3.2e5);
    // A log axis drops a series with any point at or below 0: none may have one.
    for (QAbstractSeries *series : frame->chart()->series()) {
        const auto *xy = qobject_cast<QXYSeries *>(series);
        QVERIFY(xy && xy->count() > 0);
        for (const QPointF &p : xy->points())
            QVERIFY2(p.y() > 0, qPrintable(series->name()));
    }
    QVERIFY(!note->isHidden());
    QVERIFY2(note->text().contains(QStringLiteral("4.0 MB")) &&
                 note->text().contains(QStringLiteral("times the incumbent's price")),
             qPrintable(note->text()));

    // To look at (tests/screenshots.sh sets the gallery folder).
    if (const QString dir = qEnvironmentVariable("STREAMSYNC_GALLERY_DIR"); !dir.isEmpty()) {
        QTest::qWait(300); // Qt Charts lays the scene out from the event loop
        QVERIFY(page.grab().save(dir + QStringLiteral("/economics-log-scale.png")));
    }

    // Back to ordinary figures: an ordinary axis, no note.
    page.showEconomics(sampleEconomics(kNowMs, 24));
    QVERIFY(!page.isLogScale() && note->isHidden());
    QVERIFY(qobject_cast<QValueAxis *>(frame->chart()->axes(Qt::Vertical).first()));
}

// Five long figures in a narrow window take a second line; a wide one holds them on one. The
// row never asks for more width than it is given.
void TestConsoleViews::figuresWrapInsteadOfWideningTheWindow()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *row = new FigureRow(&window);
    layout->addWidget(row);
    layout->addStretch(1);
    for (int i = 0; i < 5; ++i)
        row->addFigure(QStringLiteral("figure%1").arg(i), QStringLiteral("Caption %1").arg(i))
            ->setText(QStringLiteral("469,565,400 cr/GB-month (96 %)"));
    window.resize(600, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(row->lineCount() >= 2);
    QVERIFY(window.minimumSizeHint().width() <= 600);
    const QLabel *last = row->findChild<QLabel *>(QStringLiteral("figure4"));
    QVERIFY(last->mapTo(&window, QPoint(last->width(), 0)).x() <= 600);
    window.resize(2400, 400);
    QTRY_COMPARE(row->lineCount(), 1);
}

void TestConsoleViews::logVerifiesWithABusyIndicator()
{
    CHECKED(openWindow());
    m_service->logAnswer.result = sampleLog(kNowMs, 30);
    m_service->verifyAnswer.result = QStringLiteral("all 30 events verify");
    m_service->verifyAnswer.deferred = true;
    CHECKED(unlock());
    m_window->showView(QStringLiteral("log"));
    QTRY_COMPARE(child<QTableView>("logTable")->model()->rowCount(), 30);
    child<QPushButton>("verifyLogButton")->click();
    QVERIFY(child<QProgressBar>("logBusyIndicator")->isVisible());
    QVERIFY(!child<QPushButton>("verifyLogButton")->isEnabled());
    m_service->verifyAnswer.release();
    QTRY_VERIFY(!child<QProgressBar>("logBusyIndicator")->isVisible());
    QVERIFY(banner()->text().contains(QStringLiteral("All 30 events verify")));

    QTest::keyClicks(child<QLineEdit>("logFilter"), QStringLiteral("offer"));
    QTRY_COMPARE(m_service->logFilters.constLast(), QStringLiteral("offer"));
}

void TestConsoleViews::addNodeQuotaFollowsSliderAndUnit()
{
    m_service->diskSpaceAnswer.result =
        DiskSpace{QStringLiteral("/srv"), 2'000'000'000'000, 4'000'000'000'000};
    AddNodeDialog dialog(*m_service, QStringLiteral("desk"));
    auto *slider = dialog.findChild<QSlider *>(QStringLiteral("quotaSlider"));
    auto *spin = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("quotaSpin"));
    auto *unit = dialog.findChild<QComboBox *>(QStringLiteral("quotaUnitCombo"));
    QVERIFY(!slider->isEnabled()); // the free space is not known yet
    dialog.findChild<QLineEdit *>(QStringLiteral("folderEdit"))->setText(QStringLiteral("/srv/n"));
    QTRY_VERIFY(dialog.diskSpace().has_value());
    QVERIFY(slider->isEnabled());
    QCOMPARE(slider->value(), 5); // 10 GB of 2 TB free, in 0.1 % steps
    slider->setValue(500);
    QCOMPARE(spin->value(), 1000.0); // half the free space, in GB
    unit->setCurrentIndex(1);
    QCOMPARE(spin->value(), 1.0); // the same quota, in TB
    spin->setValue(1.5);
    QCOMPARE(slider->value(), 750);
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    spin->setValue(2.5); // more than is free
    QCOMPARE(slider->value(), 1000);
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestConsoleViews::addRemoteNodeChecksTheAddress()
{
    QVERIFY(AddRemoteNodeDialog::isValidAddress(QStringLiteral("10.0.0.5:7443")));
    QVERIFY(AddRemoteNodeDialog::isValidAddress(QStringLiteral("[::1]:7443")));
    QVERIFY(!AddRemoteNodeDialog::isValidAddress(QStringLiteral("::1:7443")));
    QVERIFY(!AddRemoteNodeDialog::isValidAddress(QStringLiteral("host:99999")));
    QVERIFY(!AddRemoteNodeDialog::isValidAddress(QStringLiteral("host")));

    CHECKED(openWindow());
    m_service->addRemoteAnswer.result = sampleNode("r1", "rack");
    CHECKED(unlock());
    child<QAction>("actionAddRemoteNode")->trigger();
    QTRY_VERIFY(child<AddRemoteNodeDialog>("addRemoteNodeDialog"));
    auto *dialog = child<AddRemoteNodeDialog>("addRemoteNodeDialog");
    auto *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                   ->button(QDialogButtonBox::Ok);
    dialog->findChild<QLineEdit *>(QStringLiteral("remoteNameEdit"))
        ->setText(QStringLiteral("rack"));
    dialog->findChild<QLineEdit *>(QStringLiteral("remoteAddressEdit"))
        ->setText(QStringLiteral("10.0.0.5"));
    dialog->findChild<QLineEdit *>(QStringLiteral("remoteTokenEdit"))
        ->setText(QStringLiteral("t0k"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("errorLabel"))->isVisible());
    dialog->findChild<QLineEdit *>(QStringLiteral("remoteAddressEdit"))
        ->setText(QStringLiteral("10.0.0.5:7443"));
    QVERIFY(ok->isEnabled());
    ok->click();
    QTRY_VERIFY(!child<AddRemoteNodeDialog>("addRemoteNodeDialog"));
    QCOMPARE(m_service->remoteNodes, QStringList{QStringLiteral("rack 10.0.0.5:7443 t0k")});
}

void TestConsoleViews::settingsStoreTheWebhook()
{
    QVERIFY(SettingsDialog::isValidWebhook(QString()));
    QVERIFY(SettingsDialog::isValidWebhook(QStringLiteral("https://hooks.example.org/x")));
    QVERIFY(!SettingsDialog::isValidWebhook(QStringLiteral("ftp://example.org")));
    QVERIFY(!SettingsDialog::isValidWebhook(QStringLiteral("not a url")));

    CHECKED(openWindow());
    QCOMPARE(m_service->webhookUrls, QStringList{QString()}); // told at start, even when empty
    child<QAction>("actionSettings")->trigger();
    QTRY_VERIFY(child<SettingsDialog>("settingsDialog"));
    auto *dialog = child<SettingsDialog>("settingsDialog");
    auto *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                   ->button(QDialogButtonBox::Ok);
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("webhookEdit"));
    edit->setText(QStringLiteral("nonsense"));
    QVERIFY(!ok->isEnabled());
    edit->setText(QStringLiteral("https://hooks.example.org/streamsync"));
    ok->click();
    QCOMPARE(m_service->webhookUrls.constLast(),
             QStringLiteral("https://hooks.example.org/streamsync"));
    QCOMPARE(ConsoleSettings().webhookUrl(),
             QStringLiteral("https://hooks.example.org/streamsync"));
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestConsoleViews test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_console_views.moc"
