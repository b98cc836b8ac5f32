// The console's engine under the facade (issue #6), with real processes: the embedded local
// network, the operator's node run as a `streamsync-node run` child, its crash and restart, the
// market views read from a node's ledger projections, the price curve, offers, earnings, alerts
// and their webhook, a remote node through its admin API, and no child left behind.

#include "LocalCluster.h"
#include "ProcessReads.h"

#include "console/AlertMonitor.h"
#include "console/EarningsQuery.h"
#include "console/MarketQuery.h"
#include "console/ProjectedPriceCurve.h"
#include "console/WebhookPoster.h"
#include "crypto/KeyFile.h"
#include "crypto/NodeId.h"
#include "crypto/ScryptCost.h"
#include "daemon/AdminToken.h"
#include "interfaces/LocalOperatorService.h"
#include "localnet/LocalnetManifest.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace streamsync;
using namespace streamsync::interfaces;

namespace {

const QString kPass = QStringLiteral("a long enough passphrase");

template <typename T> Result<T> await(QFuture<Result<T>> future, int timeoutMs = 30'000)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return fail(QStringLiteral("timed out"));
    if (future.isCanceled())
        return fail(QStringLiteral("canceled"));
    return future.result();
}

bool processExists(qint64 pid)
{
    return pid > 0 && QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

// A one-shot HTTP endpoint that keeps the bodies POSTed to it (the alert webhook's receiver).
class WebhookSink : public QObject
{
public:
    WebhookSink()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffer[socket] += socket->readAll();
                    const QByteArray &all = m_buffer[socket];
                    const qsizetype split = all.indexOf("\r\n\r\n");
                    static const QRegularExpression length(
                        QStringLiteral("Content-Length: (\\d+)"),
                        QRegularExpression::CaseInsensitiveOption);
                    const auto match = length.match(QString::fromLatin1(all.left(split)));
                    if (split < 0 || !match.hasMatch() ||
                        all.size() < split + 4 + match.captured(1).toInt())
                        return;
                    bodies.append(QJsonDocument::fromJson(all.mid(split + 4)).object());
                    socket->write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
                    socket->disconnectFromHost();
                });
            }
        });
    }
    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort());
    }

    QList<QJsonObject> bodies;

private:
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffer;
};

} // namespace

#define AWAIT_OK(var, call)                                                                        \
    const auto var = await(call);                                                                  \
    QVERIFY2(var.ok(), qPrintable(var.error()))

class TestOperatorMarket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("STREAMSYNC_NODE_BIN", STREAMSYNC_NODE_BIN); }

    // --- Parts without processes ---

    void priceBoundsAreNamed()
    {
        const Parameters params = Parameters::defaults();
        QVERIFY(console::ProjectedPriceCurve::outOfBounds(0, params).contains(
            QStringLiteral("minimum")));
        QVERIFY(
            console::ProjectedPriceCurve::outOfBounds(params.maxPricePerQuery.micro() + 1, params)
                .contains(QStringLiteral("maxPricePerQuery")));
        QVERIFY(console::ProjectedPriceCurve::outOfBounds(1, params).isEmpty());
        QCOMPARE(console::MarketQuery::median({5, 1, 3}), 3);
        QCOMPARE(console::MarketQuery::median({}), 0);
    }

    void earningsCsvHasOneLinePerEpochInCredits()
    {
        EarningsSeries series;
        series.epochs.append({7, 0, 3000, 12'345'678, 1, 500'000, QStringLiteral("ab")});
        const QList<QByteArray> lines = console::EarningsQuery::csv(series).split('\n');
        QCOMPARE(lines.size(), 3); // header, one epoch, the final newline
        QVERIFY(lines[0].startsWith("epoch,"));
        QVERIFY2(lines[1].contains(",12.345678,0.000001,0.500000,12.845679,ab"),
                 lines[1].constData());
    }

    void webhookTakesOnlyHttp()
    {
        console::WebhookPoster poster;
        QVERIFY(poster.setUrl(QStringLiteral("https://hooks.example/x")).ok());
        const auto ftp = poster.setUrl(QStringLiteral("ftp://hooks.example/x"));
        QVERIFY(!ftp.ok());
        QVERIFY2(ftp.error().contains(QStringLiteral("http or https")), qPrintable(ftp.error()));
        QVERIFY(!poster.setUrl(QStringLiteral("file:///etc/passwd")).ok());
        QVERIFY(poster.setUrl({}).ok());
    }

    void alertsAreRaisedOncePerOccurrence()
    {
        console::AlertMonitor monitor;
        console::AlertMonitor::NodeHealth n;
        n.id = QStringLiteral("aa");
        n.name = QStringLiteral("desk");
        n.state = LifecycleState::Failed;
        n.why = QStringLiteral("killed by signal 9");
        n.quotaBytes = 100;
        n.usedBytes = 95;
        n.accuracy = 0.62;
        n.slaMisses = {{3, 1}, {4, 5}};
        n.slashes = {QStringLiteral("feed")};
        QStringList kinds;
        for (const Alert &a : monitor.check({n}, 0.6, 1))
            kinds.append(a.kind);
        kinds.sort();
        QCOMPARE(kinds, (QStringList{QStringLiteral("accuracy"), QStringLiteral("disk"),
                                     QStringLiteral("failed"), QStringLiteral("sla_misses"),
                                     QStringLiteral("slashed")}));
        QVERIFY(monitor.check({n}, 0.6, 2).isEmpty()); // still true: not again
        n.state = LifecycleState::Online;
        n.usedBytes = 10;
        QVERIFY(monitor.check({n}, 0.6, 3).isEmpty());
        n.state = LifecycleState::Failed; // a new failure is a new occurrence
        const auto again = monitor.check({n}, 0.6, 4);
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().kind, QStringLiteral("failed"));
    }

    // --- The whole engine with real processes ---

    void consoleRunsItsNodeInTheEmbeddedNetwork()
    {
        QElapsedTimer elapsed;
        elapsed.start();
        QTemporaryDir dir;
        keepTestDirIfAsked(dir);
        QList<qint64> seenPids;
        {
            OperatorServiceConfig config;
            config.profileDir = dir.filePath(QStringLiteral("profile"));
            config.kdfCost = std::make_shared<ScryptCost>(ScryptCost::fastForTests());
            config.localnet.competitors = 3;
            config.localnet.epochMs = 3000;
            config.localnet.rate = 10;
            config.pollIntervalMs = 250;
            auto service = std::make_unique<LocalOperatorService>(config);
            QSignalSpy alerts(service.get(), &OperatorService::alertRaised);
            QSignalSpy marketMoved(service.get(), &OperatorService::marketChanged);
            WebhookSink sink;
            service->setWebhookUrl(sink.url());

            AWAIT_OK(opened, service->open());
            AWAIT_OK(created, service->createOperatorKey(kPass));
            // The local network: 3 competitors and a customer.
            QTRY_VERIFY_WITH_TIMEOUT(service->networkProcessIds().size() >= 4, 30'000);
            seenPids += service->networkProcessIds();
            qInfo("local network after %lld ms", elapsed.elapsed());

            AWAIT_OK(node, service->addNode({QStringLiteral("desk"),
                                             dir.filePath(QStringLiteral("desk")), 1LL << 30}));
            AWAIT_OK(online, service->changeState(node->id, LifecycleState::Starting, {}));
            QCOMPARE(toString(online->state), toString(LifecycleState::Online));
            const qint64 pid = service->nodeProcessId(node->id);
            QVERIFY(processExists(pid));
            seenPids.append(pid);

            // A crash: Failed with the reason, an alert (and its webhook post), then Restart.
            QSignalSpy changed(service.get(), &OperatorService::nodeChanged);
            ::kill(pid_t(pid), SIGKILL);
            QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty() &&
                                         changed.last().first().value<NodeSummary>().state ==
                                             LifecycleState::Failed,
                                     10'000);
            AWAIT_OK(history, service->history(node->id));
            QVERIFY2(history->last().why.contains(QStringLiteral("signal 9")),
                     qPrintable(history->last().why));
            QTRY_VERIFY_WITH_TIMEOUT(std::any_of(alerts.cbegin(), alerts.cend(),
                                                 [](const QList<QVariant> &a) {
                                                     return a.first().value<Alert>().kind ==
                                                            QLatin1String("failed");
                                                 }),
                                     5'000);
            QTRY_VERIFY_WITH_TIMEOUT(!sink.bodies.isEmpty(), 5'000);
            QCOMPARE(sink.bodies.first().value(QStringLiteral("kind")).toString(),
                     QStringLiteral("failed"));

            AWAIT_OK(restarted, service->changeState(node->id, LifecycleState::Stopped,
                                                     QStringLiteral("restart")));
            QCOMPARE(toString(restarted->state), toString(LifecycleState::Online));
            const qint64 again = service->nodeProcessId(node->id);
            QVERIFY(processExists(again));
            QVERIFY(again != pid);
            seenPids.append(again);

            // The market, as the running node's ledger sees it.
            Result<MarketView> market = fail(QStringLiteral("not read"));
            QTRY_VERIFY_WITH_TIMEOUT(
                (market = await(service->market({}))).ok() && market->current.size() >= 3, 20'000);
            QVERIFY(market->maxAllowedMicro > 0);
            qInfo("market after %lld ms", elapsed.elapsed());
            QVERIFY(!marketMoved.isEmpty());

            // The price curve: a higher price wins a smaller share.
            AWAIT_OK(curve, service->priceCurve(node->id));
            const PriceCurvePtr prices = curve.value();
            const qint64 median = qMax<qint64>(2, market->medianMicro);
            const PricePoint cheap = prices->at(median / 2);
            const PricePoint dear = prices->at(median * 4);
            QVERIFY(cheap.allowed && dear.allowed);
            QVERIFY2(cheap.winShare > dear.winShare,
                     qPrintable(QStringLiteral("%1 vs %2").arg(cheap.winShare).arg(dear.winShare)));
            QVERIFY(!prices->at(0).allowed);
            // Above what the local customer pays (its --max-price, 20,000 µcr) nobody picks the
            // node: allowed by the protocol, but no win share and no earnings.
            const PricePoint unpaid = prices->at(20'001);
            QVERIFY(unpaid.allowed);
            QCOMPARE(unpaid.winShare, 0.0);
            QVERIFY(prices->at(20'000).winShare > 0.0);
            QVERIFY(prices->at(market->maxAllowedMicro + 1)
                        .whyNot.contains(QStringLiteral("maxPricePerQuery")));

            // Offers: out of bounds refused, naming the bound; a valid one reaches a competitor.
            const auto tooDear =
                await(service->publishOffer(node->id, market->maxAllowedMicro + 1));
            QVERIFY(!tooDear.ok());
            QVERIFY2(tooDear.error().contains(QStringLiteral("maxPricePerQuery")),
                     qPrintable(tooDear.error()));
            const qint64 price = 1234;
            AWAIT_OK(offer, service->publishOffer(node->id, price));
            QCOMPARE(offer->priceQueryMicro, price);
            QVERIFY(offer->own);
            const auto manifest =
                LocalnetManifest::load(dir.filePath(QStringLiteral("profile/localnet")));
            QVERIFY2(manifest.ok(), qPrintable(manifest.error()));
            QString competitorDb;
            for (const auto &p : manifest->processes) {
                if (p.role == QLatin1String("node"))
                    competitorDb = NodeHome::databasePath(p.dataDir);
            }
            const QByteArray key =
                KeyFile::readPublicKey(NodeHome::keyPath(dir.filePath(QStringLiteral("desk"))))
                    .value();
            QTRY_COMPARE_WITH_TIMEOUT(test::offeredPrice(competitorDb, key), price, 15'000);

            AWAIT_OK(log, service->logEntries(QStringLiteral("offer"), 5));
            QVERIFY(!log->isEmpty());
            QCOMPARE(log->first().kind, QStringLiteral("offer"));
            AWAIT_OK(verified, service->verifyLog());
            QVERIFY2(verified->contains(QStringLiteral("verified")), qPrintable(verified.value()));
            AWAIT_OK(csv,
                     service->exportEarningsCsv({}, {}, dir.filePath(QStringLiteral("e.csv"))));
            QVERIFY(QFile::exists(dir.filePath(QStringLiteral("e.csv"))));

            AWAIT_OK(exported, service->exportLog(dir.filePath(QStringLiteral("log.cbor"))));
            QVERIFY(QFileInfo(dir.filePath(QStringLiteral("log.cbor"))).size() > 0);
            AWAIT_OK(scores, service->reputation(node->id, {}));
            QVERIFY(scores->suspensionThreshold > 0);
            AWAIT_OK(stake, service->stake(node->id, {}));
            QVERIFY(stake->minStakeMicro > 0);
            AWAIT_OK(economics, service->economics({}, {}));
            QVERIFY(economics->incumbentPerGbMonthMicro > 0);
            qInfo("offers and log after %lld ms", elapsed.elapsed());
            // A node on another machine, through its admin API.
            LocalCluster remote(dir.filePath(QStringLiteral("remote")), kPass);
            QVERIFY(remote.addNode(QStringLiteral("far")).ok());
            QVERIFY(AdminToken::createIfAbsent(AdminToken::defaultPath(remote.node(0).dir)).ok());
            QVERIFY(remote.start(0, {}, {QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")})
                        .ok());
            static const QRegularExpression adminLine(QStringLiteral(R"(admin on (\S+))"));
            const QString adminAddress = adminLine.match(remote.node(0).out).captured(1);
            QVERIFY2(!adminAddress.isEmpty(), qPrintable(remote.node(0).out));
            const QString token = QString::fromLatin1(
                AdminToken::load(AdminToken::defaultPath(remote.node(0).dir)).value().secret());
            const auto noId =
                await(service->addRemoteNode(QStringLiteral("far"), adminAddress, token));
            QVERIFY(noId.error().contains(QStringLiteral("NODEID")));
            AWAIT_OK(far, service->addRemoteNode(
                              QStringLiteral("far"),
                              adminAddress + QLatin1Char('@') + remote.node(0).idHex, token));
            QCOMPARE(toString(far->state), toString(LifecycleState::Online));
            {
                // The token is kept sealed with the operator key, never in plain text.
                auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                    QStringLiteral("profile-check"));
                db.setDatabaseName(dir.filePath(QStringLiteral("profile/operator.sqlite")));
                db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
                QVERIFY(db.open());
                QSqlQuery row(QStringLiteral("SELECT token FROM remote_nodes"), db);
                QVERIFY(row.next());
                const QString stored = row.value(0).toString();
                QVERIFY2(stored.startsWith(QStringLiteral("sealed:v1:")) && !stored.contains(token),
                         qPrintable(stored));
            }
            QSqlDatabase::removeDatabase(QStringLiteral("profile-check"));
            AWAIT_OK(paused, service->changeState(far->id, LifecycleState::Paused, {}));
            QCOMPARE(toString(paused->state), toString(LifecycleState::Paused));
            AWAIT_OK(all, service->nodes());
            QCOMPARE(all->size(), 2);
            QVERIFY(!all->last().remoteAddress.isEmpty());
            QVERIFY(remote.stop(0, 20'000).ok());

            // Earnings: closed epochs once an epoch has closed.
            Result<EarningsSeries> earned = fail(QStringLiteral("not read"));
            QTRY_VERIFY_WITH_TIMEOUT((earned = await(service->earnings(node->id, {}))).ok() &&
                                         !earned->epochs.isEmpty(),
                                     25'000);
            QCOMPARE(earned->epochLengthMs, qint64(3000));
            qInfo("earnings after %lld ms", elapsed.elapsed());
            seenPids += service->networkProcessIds();
        }
        // The service is gone, and with it every child it started.
        QVERIFY2(test::childProcesses().isEmpty(),
                 qPrintable(QStringLiteral("%1 children left").arg(test::childProcesses().size())));
        for (const qint64 pid : seenPids)
            QVERIFY2(!processExists(pid),
                     qPrintable(QStringLiteral("pid %1 still there").arg(pid)));
        qInfo("the engine test took %lld ms", elapsed.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestOperatorMarket)
#include "test_operator_market.moc"
