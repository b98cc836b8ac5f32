#include "CustomerLink.h"
#include "LocalCluster.h"

#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "daemon/AdminCall.h"
#include "daemon/AdminToken.h"
#include "ledger/LedgerBodies.h"
#include "ledger/NetworkConfig.h"
#include "ledger/Receipt.h"
#include "log/EventStore.h"
#include "net/MarketMessages.h"
#include "net/NodeCertificate.h"
#include "net/PeerConnection.h"
#include "net/StorageMessages.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <optional>

using namespace streamsync;

namespace {

const QString kPassphrase = QStringLiteral("node market passphrase");
constexpr int kCommandTimeoutMs = 60'000;
constexpr int kStopTimeoutMs = 20'000;
constexpr qint64 kGrant = 1000 * Money::kMicroPerCredit;
constexpr qint64 kBond = 100 * Money::kMicroPerCredit;

// Short epochs, so closes happen within a test.
Parameters fastEpochs()
{
    Parameters params;
    params.epochLengthMs = 2000;
    params.closerTimeoutMs = 500;
    return params;
}

QString hexOf(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

// A cluster of `count` node folders in one network: a genesis key (on disk, as `run
// --genesis-key` reads it), network.json, and a genesis event granting every node credits,
// imported into every node's log before any daemon starts.
struct MarketCluster
{
    QTemporaryDir dir;
    LocalCluster cluster{dir.path(), kPassphrase};
    QString networkFile;
    QString genesisKeyFile;
    QByteArray genesisKey;

    // Extra accounts the genesis funds (customers).
    QList<QByteArray> extraGrants;

    Result<void> prepare(int count)
    {
        keepTestDirIfAsked(dir);
        for (int i = 0; i < count; ++i) {
            if (auto added = cluster.addNode(QStringLiteral("node%1").arg(i)); !added)
                return Error{added.error()};
        }
        auto key = Ed25519SigningKey::generate();
        if (!key)
            return Error{key.error()};
        genesisKey = key->publicKey();
        genesisKeyFile = QDir(dir.path()).filePath(QStringLiteral("genesis.key"));
        if (auto written = KeyFile::create(genesisKeyFile, key.value(), KeyRole::Operator,
                                           kPassphrase, ScryptCost::fastForTests());
            !written)
            return written;
        const NetworkConfig network{genesisKey, fastEpochs()};
        networkFile = QDir(dir.path()).filePath(QStringLiteral("network.json"));
        if (auto saved = network.save(networkFile); !saved)
            return saved;
        return importGenesis(key.value(), network.params);
    }

    Result<void> importGenesis(const Ed25519SigningKey &key, const Parameters &params)
    {
        const qint64 now = SystemClock().nowMs();
        GenesisBody body{QStringLiteral("node-market-test"), params.hash(), now, {}};
        for (int i = 0; i < cluster.size(); ++i)
            body.grants.insert(cluster.node(i).publicKey, Money::fromMicro(kGrant));
        for (const QByteArray &account : extraGrants)
            body.grants.insert(account, Money::fromMicro(kGrant));
        const auto genesis = Event::sign(key, 1, QByteArray(Event::kHashSize, '\0'), {},
                                         quint64(now), EventKind::Genesis, body.toCbor());
        if (!genesis)
            return Error{genesis.error()};
        for (int i = 0; i < cluster.size(); ++i) {
            auto imported = cluster.withHome(i, [&](NodeHome &home) -> Result<void> {
                const auto stored = home.log().accept(genesis->encoded());
                return stored ? Result<void>() : Result<void>(Error{stored.error()});
            });
            if (!imported)
                return imported;
        }
        return {};
    }

    QStringList networkArguments() const
    {
        return {QStringLiteral("--network"), networkFile, QStringLiteral("--gossip-interval-ms"),
                QStringLiteral("200")};
    }

    LocalCluster::CommandRun command(const QStringList &arguments) const
    {
        return cluster.runCommand(arguments, kCommandTimeoutMs);
    }

    // One value of node i's projection, or nullopt while there is none (or no table yet).
    std::optional<QByteArray> value(int i, const QString &sql) const
    {
        const auto column = cluster.column(i, sql);
        if (!column || column->isEmpty())
            return std::nullopt;
        return column->first();
    }

    QList<QByteArray> closes(int i) const
    {
        const auto column = cluster.column(
            i, QStringLiteral("SELECT epoch || ':' || hex(close_hash) FROM ledger_epochs "
                              "ORDER BY epoch"));
        return column ? column.value() : QList<QByteArray>();
    }

    QString diagnostics() const
    {
        QString out;
        for (int i = 0; i < cluster.size(); ++i)
            out += QStringLiteral("--- node %1 stderr:\n%2\n").arg(i).arg(cluster.stderrText(i));
        return out;
    }
};

// One admin API call, awaited.
Result<AdminReply> adminCall(const QString &peer, const QByteArray &token, const QByteArray &method,
                             const QByteArray &path, const QJsonObject &body = {})
{
    const auto node = PeerAddress::parsePeer(peer);
    if (!node)
        return Error{node.error()};
    const QByteArray json =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    auto *call =
        new AdminCall(node.value(), token, {method, path, json}, std::chrono::milliseconds(15'000));
    QFuture<Result<AdminReply>> future = call->start();
    waitFor([&] { return future.isFinished(); }, 20'000);
    if (!future.isFinished())
        return fail(QStringLiteral("the admin call did not finish"));
    return future.result();
}

QString typeOf(const QCborMap &message)
{
    return message.value(QLatin1String("type")).toString() + QLatin1Char(' ') +
           message.value(QLatin1String("reason")).toString();
}

} // namespace

// Real `streamsync-node run --network` processes with a real genesis (issue #5): an offer and a
// bond made with the CLI on one node reach another node's ledger projection through gossip,
// out-of-bounds prices are refused naming the bound, and epochs close with every node's
// ledger_epochs in agreement.
class TestNodeMarket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offerAndBondReachThePeer()
    {
        MarketCluster net;
        const auto prepared = net.prepare(2);
        QVERIFY2(prepared.ok(), qPrintable(prepared.error()));
        LocalCluster &cluster = net.cluster;
        QVERIFY2(cluster.start(0, {}, net.networkArguments()).ok(), qPrintable(net.diagnostics()));
        QVERIFY2(cluster.start(1, {0}, net.networkArguments()).ok(), qPrintable(net.diagnostics()));
        const QString a = cluster.node(0).dir;
        const QString aKey = hexOf(cluster.node(0).publicKey);

        // The CLI appends to A's feed while A's daemon runs; gossip takes it to B.
        const auto offered = net.command(
            {QStringLiteral("offer"), QStringLiteral("--data"), a, QStringLiteral("--price-query"),
             QStringLiteral("1500"), QStringLiteral("--price-gb-month"), QStringLiteral("20000")});
        QVERIFY2(offered.exitCode == 0, qPrintable(offered.err));
        QVERIFY(offered.out.startsWith(QStringLiteral("offer ")));
        const QString offerSql =
            QStringLiteral("SELECT price_query || '/' || price_gb_month FROM ledger_offers "
                           "WHERE node = X'%1' AND current = 1")
                .arg(aKey);
        QVERIFY2(
            waitFor([&] { return net.value(1, offerSql) == QByteArray("1500/20000"); }, 15'000),
            qPrintable(net.diagnostics()));

        // Out of bounds or negative: refused before anything is signed, naming the bound.
        const auto tooDear =
            net.command({QStringLiteral("offer"), QStringLiteral("--data"), a,
                         QStringLiteral("--price-query"), QStringLiteral("2000000")});
        QCOMPARE(tooDear.exitCode, 2);
        QVERIFY2(tooDear.err.contains(QStringLiteral("maxPricePerQuery")) &&
                     tooDear.err.contains(QStringLiteral("1000000")),
                 qPrintable(tooDear.err));
        const auto negative = net.command({QStringLiteral("offer"), QStringLiteral("--data"), a,
                                           QStringLiteral("--price-query=-5")});
        QCOMPARE(negative.exitCode, 2);
        QVERIFY2(negative.err.contains(QStringLiteral("negative")), qPrintable(negative.err));
        const auto zero = net.command({QStringLiteral("offer"), QStringLiteral("--data"), a,
                                       QStringLiteral("--price-query"), QStringLiteral("0")});
        QCOMPARE(zero.exitCode, 2);
        QVERIFY2(zero.err.contains(QStringLiteral("from 1 to")), qPrintable(zero.err));
        const auto nan = net.command({QStringLiteral("offer"), QStringLiteral("--data"), a,
                                      QStringLiteral("--price-query"), QStringLiteral("nan")});
        QCOMPARE(nan.exitCode, 2);
        const auto tooMuchStorage =
            net.command({QStringLiteral("offer"), QStringLiteral("--data"), a,
                         QStringLiteral("--price-query"), QStringLiteral("10"),
                         QStringLiteral("--price-gb-month"), QStringLiteral("100000001")});
        QCOMPARE(tooMuchStorage.exitCode, 2);
        QVERIFY2(tooMuchStorage.err.contains(QStringLiteral("maxPricePerGbMonth")),
                 qPrintable(tooMuchStorage.err));

        // A bond from the grant, seen in B's projection.
        const auto bonded = net.command({QStringLiteral("bond"), QStringLiteral("--data"), a,
                                         QStringLiteral("--amount"), QString::number(kBond)});
        QVERIFY2(bonded.exitCode == 0, qPrintable(bonded.err));
        const QString bondSql =
            QStringLiteral("SELECT bonded || '/' || balance FROM ledger_accounts WHERE account = "
                           "X'%1'")
                .arg(aKey);
        const QByteArray expected =
            QByteArray::number(kBond) + '/' + QByteArray::number(kGrant - kBond);
        QVERIFY2(waitFor([&] { return net.value(1, bondSql) == expected; }, 15'000),
                 qPrintable(net.diagnostics()));

        // Draining A (the CLI, while its daemon runs) unbonds all of its stake, seen in B's
        // projection; holding no data, A then leaves by itself.
        const auto drained = net.command(
            {QStringLiteral("lifecycle"), QStringLiteral("--data"), a, QStringLiteral("Draining")});
        QVERIFY2(drained.exitCode == 0, qPrintable(drained.err));
        const QString unbondingSql =
            QStringLiteral("SELECT bonded || '/' || unbonding FROM ledger_accounts WHERE account = "
                           "X'%1'")
                .arg(aKey);
        QVERIFY2(
            waitFor([&] { return net.value(1, unbondingSql) == "0/" + QByteArray::number(kBond); },
                    15'000),
            qPrintable(net.diagnostics()));
        QVERIFY2(
            waitFor(
                [&] { return net.value(0, QStringLiteral("SELECT state FROM nodes")) == "Exited"; },
                15'000),
            qPrintable(net.diagnostics()));

        // A's daemon kept the network's config for the commands.
        QVERIFY(QFile::exists(QDir(a).filePath(QStringLiteral("network.json"))));
        QVERIFY(cluster.stop(0, kStopTimeoutMs).ok());
        QVERIFY(cluster.stop(1, kStopTimeoutMs).ok());
    }

    void epochsCloseAndAgree()
    {
        MarketCluster net;
        const auto prepared = net.prepare(3);
        QVERIFY2(prepared.ok(), qPrintable(prepared.error()));
        LocalCluster &cluster = net.cluster;
        const QStringList market{QStringLiteral("--offer-price"), QStringLiteral("1000"),
                                 QStringLiteral("--bond"), QString::number(kBond)};
        // A holds the genesis key: nobody is bonded in the first epoch, so only it can close.
        QVERIFY2(cluster
                     .start(0, {},
                            net.networkArguments() + market +
                                QStringList{QStringLiteral("--genesis-key"), net.genesisKeyFile})
                     .ok(),
                 qPrintable(net.diagnostics()));
        QVERIFY2(cluster.start(1, {0}, net.networkArguments() + market).ok(),
                 qPrintable(net.diagnostics()));
        // C undercuts the others (1000 µcr) by 5% from the epoch after it saw their offers.
        const QStringList undercut{QStringLiteral("--offer-price"), QStringLiteral("5000"),
                                   QStringLiteral("--bond"),        QString::number(kBond),
                                   QStringLiteral("--strategy"),    QStringLiteral("undercut"),
                                   QStringLiteral("--cost-floor"),  QStringLiteral("100")};
        QVERIFY2(cluster.start(2, {0, 1}, net.networkArguments() + undercut).ok(),
                 qPrintable(net.diagnostics()));

        // Once the bonds are in a close, the nodes close the following epochs themselves.
        QStringList nodeKeys;
        for (int i = 0; i < 3; ++i)
            nodeKeys << QStringLiteral("X'%1'").arg(hexOf(cluster.node(i).publicKey));
        const QString byNodes =
            QStringLiteral("SELECT count(*) FROM ledger_epochs WHERE closer IN (%1)")
                .arg(nodeKeys.join(QLatin1Char(',')));
        const auto closedByNodes = [&] {
            for (int i = 0; i < 3; ++i) {
                const auto count = net.value(i, byNodes);
                if (!count || count->toInt() < 1)
                    return false;
            }
            return true;
        };
        QVERIFY2(waitFor(closedByNodes, 40'000), qPrintable(net.diagnostics()));
        const QString undercutSql =
            QStringLiteral("SELECT price_query FROM ledger_offers WHERE node = X'%1' AND "
                           "current = 1")
                .arg(hexOf(cluster.node(2).publicKey));
        QVERIFY2(waitFor([&] { return net.value(0, undercutSql) == QByteArray("950"); }, 15'000),
                 qPrintable(net.diagnostics()));

        // Every node's ledger_epochs agree on every epoch they all hold.
        QList<QList<QByteArray>> seen;
        for (int i = 0; i < 3; ++i)
            seen.append(net.closes(i));
        const qsizetype common = std::min({seen[0].size(), seen[1].size(), seen[2].size()});
        QVERIFY(common >= 2);
        for (int i = 1; i < 3; ++i)
            QCOMPARE(seen[i].mid(0, common), seen[0].mid(0, common));
        for (int i = 0; i < 3; ++i)
            QVERIFY(cluster.stop(i, kStopTimeoutMs).ok());
    }

    // The console's way: POST /v1/offer signs an offer, GET /v1/ledger/summary shows it with
    // the node's money and reputation.
    void adminOfferAndSummary()
    {
        MarketCluster net;
        const auto prepared = net.prepare(1);
        QVERIFY2(prepared.ok(), qPrintable(prepared.error()));
        LocalCluster &cluster = net.cluster;
        const QString dir = cluster.node(0).dir;
        QCOMPARE(
            net.command({QStringLiteral("admin-token"), QStringLiteral("--data"), dir}).exitCode,
            0);
        QVERIFY2(cluster
                     .start(0, {},
                            net.networkArguments() + QStringList{QStringLiteral("--admin"),
                                                                 QStringLiteral("127.0.0.1:0")})
                     .ok(),
                 qPrintable(net.diagnostics()));
        const auto match = QRegularExpression(QStringLiteral(R"(admin on (127\.0\.0\.1:\d+))"))
                               .match(cluster.node(0).out);
        QVERIFY(match.hasMatch());
        const QString peer = match.captured(1) + QLatin1Char('@') + cluster.node(0).idHex;
        const auto token = AdminToken::load(AdminToken::defaultPath(dir));
        QVERIFY(token.ok());

        const auto offered = adminCall(
            peer, token->secret(), "POST", "/v1/offer",
            {{QStringLiteral("price_query"), 2500}, {QStringLiteral("price_gb_month"), 30000}});
        QVERIFY2(offered.ok(), qPrintable(offered.error()));
        QCOMPARE(offered->status, 200);
        QCOMPARE(offered->json.value(QStringLiteral("price_query")).toInteger(), 2500);
        QCOMPARE(offered->json.value(QStringLiteral("hash")).toString().size(), 64);

        const auto tooDear = adminCall(peer, token->secret(), "POST", "/v1/offer",
                                       {{QStringLiteral("price_query"), 5'000'000}});
        QVERIFY(tooDear.ok());
        QCOMPARE(tooDear->status, 400);
        QVERIFY(tooDear->json.value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("maxPricePerQuery")));
        const auto fraction = adminCall(peer, token->secret(), "POST", "/v1/offer",
                                        {{QStringLiteral("price_query"), 2.5}});
        QVERIFY(fraction.ok());
        QCOMPARE(fraction->status, 400);

        const auto summary = adminCall(peer, token->secret(), "GET", "/v1/ledger/summary");
        QVERIFY2(summary.ok(), qPrintable(summary.error()));
        QCOMPARE(summary->status, 200);
        const QJsonObject s = summary->json;
        QCOMPARE(s.value(QStringLiteral("balance")).toInteger(), kGrant);
        QCOMPARE(s.value(QStringLiteral("bonded")).toInteger(), 0);
        QCOMPARE(s.value(QStringLiteral("offer"))
                     .toObject()
                     .value(QStringLiteral("price_gb_month"))
                     .toInteger(),
                 30000);
        QVERIFY(s.value(QStringLiteral("reputation"))
                    .toObject()
                    .contains(QStringLiteral("accuracy_ppm")));
        QCOMPARE(s.value(QStringLiteral("suspended")).toBool(true), false);
        QVERIFY(cluster.stop(0, kStopTimeoutMs).ok());
    }

    // A customer on the wire: the market, an escrow published through the node, a receipt
    // turned into a voucher that pays the node, and a race report that suspends it.
    void customerMessages()
    {
        MarketCluster net;
        auto customer = Ed25519SigningKey::generate();
        QVERIFY(customer.ok());
        net.extraGrants = {customer->publicKey()};
        const auto prepared = net.prepare(1);
        QVERIFY2(prepared.ok(), qPrintable(prepared.error()));
        LocalCluster &cluster = net.cluster;
        QVERIFY2(cluster
                     .start(0, {},
                            net.networkArguments() +
                                QStringList{QStringLiteral("--offer-price"), QStringLiteral("1000"),
                                            QStringLiteral("--genesis-key"), net.genesisKeyFile})
                     .ok(),
                 qPrintable(net.diagnostics()));
        const QByteArray nodeKey = cluster.node(0).publicKey;
        CustomerLink link(customer.value(), fastEpochs());
        const auto connected = link.connect(cluster.node(0));
        QVERIFY2(connected.ok(), qPrintable(connected.error()));

        // The market, once the node folded its own first offer.
        wire::MarketReply market;
        QVERIFY(waitFor(
            [&] {
                const auto reply = wire::parseMarketReply(
                    link.request(wire::makeMarket(QByteArray(32, 'o'), link.nextId())));
                market = reply ? reply.value() : wire::MarketReply{};
                return reply && !market.candidates.isEmpty();
            },
            10'000));
        QCOMPARE(market.paramsHash, fastEpochs().hash());
        QCOMPARE(market.candidates.first().node, nodeKey);
        QCOMPARE(market.candidates.first().priceQuery, 1000);
        QCOMPARE(market.holds, std::optional<bool>(false));
        const qint64 epoch = market.epoch;

        // An escrow of the customer's own feed, stored and folded by the node.
        const auto escrow = Event::sign(customer.value(), 1, QByteArray(Event::kHashSize, '\0'), {},
                                        quint64(SystemClock().nowMs()), EventKind::Escrow,
                                        EscrowBody{epoch, Money::fromMicro(100'000)}.toCbor());
        QVERIFY(escrow.ok());
        const QCborMap published =
            link.request(wire::makePublishEvent(escrow->encoded(), link.nextId()));
        QVERIFY2(wire::parsePublished(published).ok(), qPrintable(typeOf(published)));
        QCOMPARE(wire::parsePublished(published).value(), escrow->hash());
        // The same event again is fine; a tampered one is refused with a reason.
        QVERIFY(wire::parsePublished(
                    link.request(wire::makePublishEvent(escrow->encoded(), link.nextId())))
                    .ok());
        QByteArray tampered = escrow->encoded();
        tampered[tampered.size() - 1] = char(tampered.at(tampered.size() - 1) ^ 1);
        const QCborMap refused = link.request(wire::makePublishEvent(tampered, link.nextId()));
        QCOMPARE(refused.value(QLatin1String("code")).toString(), wire::kErrorEventRefused);

        // Receipts: the newest kept, a stale or forged one refused.
        const Receipt receipt{nodeKey, customer->publicKey(), epoch, 3, Money::fromMicro(3000)};
        const auto sig = receipt.sign(customer.value());
        QVERIFY(sig.ok());
        wire::ReceiptFields fields{nodeKey, customer->publicKey(), epoch, 3, 3000, sig.value()};
        const auto ack =
            wire::parseReceiptAck(link.request(wire::makeReceipt(fields, link.nextId())));
        QVERIFY2(ack.ok(), qPrintable(ack.error()));
        QCOMPARE(ack->queries, 3);
        fields.queries = 2;
        QCOMPARE(link.request(wire::makeReceipt(fields, link.nextId()))
                     .value(QLatin1String("code"))
                     .toString(),
                 wire::kErrorReceiptRefused);
        fields.queries = 4;
        QVERIFY(link.request(wire::makeReceipt(fields, link.nextId()))
                    .value(QLatin1String("reason"))
                    .toString()
                    .contains(QStringLiteral("signature")));

        // After the epoch ends the node posts its voucher, and the ledger pays the fee: half to
        // the node (1500 µcr), half to the pool.
        const QString feesSql = QStringLiteral("SELECT amount FROM ledger_earnings WHERE node = "
                                               "X'%1' AND source = 'fees'")
                                    .arg(hexOf(nodeKey));
        QVERIFY2(waitFor([&] { return net.value(0, feesSql) == QByteArray("1500"); }, 15'000),
                 qPrintable(net.diagnostics()));

        // Ten invalid answers reported: accuracy under the threshold, the node suspends itself
        // and answers no query.
        RaceReportBody report{epoch, {}};
        report.nodes.insert(nodeKey, RaceEntry{10, 0, 0, 10, {}});
        const auto raced =
            Event::sign(customer.value(), 2, escrow->hash(), {}, quint64(SystemClock().nowMs()),
                        EventKind::RaceReport, report.toCbor());
        QVERIFY(raced.ok());
        QVERIFY(wire::parsePublished(
                    link.request(wire::makePublishEvent(raced->encoded(), link.nextId())))
                    .ok());
        QVERIFY2(waitFor(
                     [&] {
                         return net.value(0, QStringLiteral("SELECT state FROM nodes")) ==
                                QByteArray("Suspended");
                     },
                     10'000),
                 qPrintable(net.diagnostics()));
        QVERIFY(cluster.stderrText(0).contains(QStringLiteral("under the suspension threshold")));
        QVERIFY(waitFor(
            [&] {
                const QCborMap answer =
                    link.request(wire::makeQuery("q1", QByteArray(32, 'o'), 0, link.nextId()));
                return answer.value(QLatin1String("code")).toString() == wire::kErrorNotServing;
            },
            10'000));
        QVERIFY(cluster.stop(0, kStopTimeoutMs).ok());
    }
};

QTEST_GUILESS_MAIN(TestNodeMarket)
#include "test_node_market.moc"
