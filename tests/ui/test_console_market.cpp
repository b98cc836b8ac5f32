// The console end to end (issue #6), offscreen, over the real service: the embedded local network
// (three competitor `streamsync-node` processes and a customer), the operator's own node started
// from the Overview, the Market view's price line dragged with QTest mouse events until the
// projection labels change, Apply, and the new offer read back from a competitor's database.
// Then every chart view must show a chart (not an empty-state sentence) over the live data, and
// closing the console must leave no process behind.

#include "../support/ProcessReads.h"
#include "ChartFrame.h"
#include "MainWindow.h"
#include "MarketPage.h"
#include "NodeTableModel.h"
#include "PassphraseDialog.h"
#include "PriceChartView.h"
#include "crypto/KeyFile.h"
#include "crypto/ScryptCost.h"
#include "interfaces/OperatorService.h"
#include "localnet/LocalnetManifest.h"
#include "node/NodeHome.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace streamsync;
using namespace streamsync::ui;

namespace {

const QString kPassphrase = QStringLiteral("console market passphrase");

template <typename T> Result<T> await(QFuture<Result<T>> future, int timeoutMs = 30'000)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return fail(QStringLiteral("timed out"));
    return future.result();
}

} // namespace

class TestConsoleMarket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void ownNodeStartsFromTheOverview();
    void draggedPriceIsAppliedAndReachesACompetitor();
    void ownNodeIsRacedAndEarnsFees();
    void everyViewShowsLiveData_data();
    void everyViewShowsLiveData();
    void drainHandsTheDataOffFromTheOverview();
    void closingLeavesNoProcessBehind();

private:
    template <typename T> T *child(const char *name) const
    {
        return m_window->findChild<T *>(QLatin1String(name));
    }
    void createKey();
    QString competitorDatabase() const;

    QTemporaryDir m_dir;
    std::unique_ptr<interfaces::OperatorService> m_service;
    std::unique_ptr<MainWindow> m_window;
    QString m_nodeId;
};

void TestConsoleMarket::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("STREAMSYNC_NODE_BIN", STREAMSYNC_NODE_BIN);
    QCoreApplication::setOrganizationName(QStringLiteral("StreamSyncUiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_console_market"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("settings")));

    interfaces::OperatorServiceConfig config;
    config.profileDir = m_dir.filePath(QStringLiteral("profile"));
    config.kdfCost = std::make_shared<ScryptCost>(ScryptCost::fastForTests());
    config.localnet.competitors = 3;
    config.localnet.epochMs = 3000;
    config.localnet.rate = 10;
    config.pollIntervalMs = 250;
    m_service = interfaces::makeOperatorService(config);
    // The network's progress and failures, in the test's output.
    connect(m_service.get(), &interfaces::OperatorService::networkStatusChanged, this,
            [](const QString &status) { qInfo("network: %s", qPrintable(status)); });
    m_window = std::make_unique<MainWindow>(*m_service);
    m_window->setConfirmHook([](QWidget *, const ConfirmRequest &, auto answer) { answer(true); });
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->start();
    createKey();
}

void TestConsoleMarket::cleanupTestCase()
{
    m_window.reset();
    m_service.reset();
}

void TestConsoleMarket::createKey()
{
    auto dialog = [this] { return child<PassphraseDialog>("passphraseDialog"); };
    QTRY_VERIFY(dialog() && dialog()->isVisible());
    dialog()->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(kPassphrase);
    dialog()->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))->setText(kPassphrase);
    dialog()
        ->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog(), 10'000);
}

QString TestConsoleMarket::competitorDatabase() const
{
    const auto manifest =
        LocalnetManifest::load(m_dir.filePath(QStringLiteral("profile/localnet")));
    if (!manifest)
        return {};
    for (const auto &p : manifest->processes) {
        if (p.role == QLatin1String("node"))
            return NodeHome::databasePath(p.dataDir);
    }
    return {};
}

void TestConsoleMarket::ownNodeStartsFromTheOverview()
{
    const auto added = await(m_service->addNode(
        {QStringLiteral("desk"), m_dir.filePath(QStringLiteral("desk")), 1LL << 30}));
    QVERIFY2(added.ok(), qPrintable(added.error()));
    m_nodeId = added->id;
    m_window->refresh();
    auto *nodes = child<NodeTableModel>("nodeTableModel");
    QTRY_VERIFY(nodes->rowOf(m_nodeId) >= 0);
    m_window->showView(QStringLiteral("overview"));
    m_window->selectNode(m_nodeId);
    QTRY_VERIFY(child<QAction>("actionStart")->isEnabled());
    child<QAction>("actionStart")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(toString(nodes->node(m_nodeId)->state),
                              toString(LifecycleState::Online), 30'000);
}

void TestConsoleMarket::draggedPriceIsAppliedAndReachesACompetitor()
{
    QVERIFY(!m_nodeId.isEmpty());
    QVERIFY(m_window->showView(QStringLiteral("market")));
    auto *page = m_window->findChild<MarketPage *>();
    QVERIFY(page);
    PriceChartView *view = page->priceView();
    auto *share = page->findChild<QLabel *>(QStringLiteral("projectedWinShareLabel"));
    auto *earnings = page->findChild<QLabel *>(QStringLiteral("projectedEarningsLabel"));
    // The line appears once the node's own offer is in its ledger and the projection is read;
    // projected earnings need the demand of a closed epoch.
    QTRY_VERIFY_WITH_TIMEOUT(!view->linePosition().isNull() &&
                                 !share->text().contains(QStringLiteral("not available")) &&
                                 !earnings->text().contains(QStringLiteral("≈ 0 queries")),
                             40'000);
    const QString shareBefore = share->text();
    const QString earningsBefore = earnings->text();
    const qint64 priceBefore = page->draftPriceMicro();

    // Down the chart: a lower price, a larger projected share. Pressed, moved in steps, released.
    const QPoint from = view->linePosition();
    const QPoint to = from + QPoint(0, 40);
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
    for (int step = 1; step <= 4; ++step)
        QTest::mouseMove(view->viewport(), from + (to - from) * step / 4);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
    const qint64 draft = page->draftPriceMicro();
    QVERIFY2(draft > 0 && draft < priceBefore,
             qPrintable(QStringLiteral("%1 -> %2").arg(priceBefore).arg(draft)));
    QVERIFY2(share->text() != shareBefore, qPrintable(share->text()));
    QVERIFY2(earnings->text() != earningsBefore, qPrintable(earnings->text()));

    auto *apply = page->findChild<QPushButton *>(QStringLiteral("applyOfferButton"));
    QVERIFY(apply->isEnabled());
    apply->click();
    const QByteArray key =
        KeyFile::readPublicKey(NodeHome::keyPath(m_dir.filePath(QStringLiteral("desk")))).value();
    const QString competitor = competitorDatabase();
    QVERIFY(!competitor.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(test::offeredPrice(competitor, key), draft, 20'000);
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("undoOfferButton"))->isEnabled());
}

// The embedded network's customer stores its objects on the operator's node too and races it:
// the node wins queries, its fees reach its earnings, and the Overview shows the bytes it holds.
void TestConsoleMarket::ownNodeIsRacedAndEarnsFees()
{
    QVERIFY(!m_nodeId.isEmpty());
    const auto earned = [this] {
        const auto series = await(m_service->earnings(m_nodeId, {}));
        if (!series)
            return qint64(0);
        qint64 fees = 0;
        for (const interfaces::EpochEarnings &e : series->epochs)
            fees += e.feesMicro;
        return fees;
    };
    QTRY_VERIFY_WITH_TIMEOUT(earned() > 0, 60'000);
    // The Overview's disk column follows what the node's own database says it stores.
    auto *nodes = child<NodeTableModel>("nodeTableModel");
    QTRY_VERIFY_WITH_TIMEOUT(nodes->node(m_nodeId)->usedBytes > 0, 10'000);
}

void TestConsoleMarket::everyViewShowsLiveData_data()
{
    QTest::addColumn<QString>("view");
    for (const char *name : {"earnings", "reputation", "stake", "market", "economics"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

// Each chart view, over the running network, draws at least one chart with a series in it.
void TestConsoleMarket::everyViewShowsLiveData()
{
    QFETCH(QString, view);
    QVERIFY(m_window->showView(view));
    auto *page = child<QStackedWidget>("viewStack")->currentWidget();
    const auto drawsAChart = [page] {
        const auto frames = page->findChildren<ChartFrame *>();
        return std::any_of(frames.begin(), frames.end(), [](ChartFrame *f) {
            return f->isShowingChart() && !f->chart()->series().isEmpty();
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(drawsAChart(), 40'000);
}

// Drain from the Overview: the node hands every object the customer stored on it to the
// competitors, its process moves it to Exited and stops, and the Overview says what went where.
void TestConsoleMarket::drainHandsTheDataOffFromTheOverview()
{
    QVERIFY(!m_nodeId.isEmpty());
    const QString objects =
        QDir(m_dir.filePath(QStringLiteral("desk"))).filePath(QStringLiteral("store/objects"));
    QVERIFY2(!QDir(objects).isEmpty(QDir::Files), "the customer stored nothing on the node");
    auto *nodes = child<NodeTableModel>("nodeTableModel");
    const int row = nodes->rowOf(m_nodeId);
    QStringList shown;
    connect(nodes, &QAbstractItemModel::dataChanged, this, [&] {
        const QString text =
            nodes->index(nodes->rowOf(m_nodeId), NodeTableModel::StateColumn).data().toString();
        if (shown.isEmpty() || shown.last() != text)
            shown.append(text);
    });
    m_window->showView(QStringLiteral("overview"));
    m_window->selectNode(m_nodeId);
    QTRY_VERIFY(child<QAction>("actionDrain")->isEnabled());
    child<QAction>("actionDrain")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(toString(nodes->node(m_nodeId)->state),
                              toString(LifecycleState::Exited), 60'000);
    nodes->disconnect(this);
    qInfo("state column: %s", qPrintable(shown.join(QStringLiteral(" | "))));
    QVERIFY2(shown.join(QLatin1Char('|')).contains(QLatin1String("Draining")),
             qPrintable(shown.join(QLatin1Char('|'))));
    QVERIFY(QDir(objects).isEmpty(QDir::Files));
    const QString tip =
        nodes->index(row, NodeTableModel::StateColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QRegularExpression(QStringLiteral("Handed off (\\d+) of \\1 objects"))),
             qPrintable(tip));
    const auto history = await(m_service->history(m_nodeId));
    QVERIFY(history.ok() && !history->isEmpty());
    QVERIFY2(history->last().why.contains(QLatin1String("handed off")),
             qPrintable(history->last().why));
    // Its process stops: no child runs with the node's folder on its command line.
    const QByteArray folder = m_dir.filePath(QStringLiteral("desk")).toUtf8();
    const auto nodeRuns = [&folder] {
        const auto children = test::childProcesses();
        return std::any_of(children.begin(), children.end(), [&folder](qint64 pid) {
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            return cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(folder);
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(!nodeRuns(), 20'000);
}

void TestConsoleMarket::closingLeavesNoProcessBehind()
{
    QVERIFY(!test::childProcesses().isEmpty());
    m_window->close();
    m_window.reset();
    m_service.reset();
    const auto left = test::childProcesses();
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("%1 children left").arg(left.size())));
}

QTEST_MAIN(TestConsoleMarket)
#include "test_console_market.moc"
