#include "test_ledger_kit.h"

#include "ledger/FraudCheck.h"
#include "ledger/NetworkConfig.h"
#include "log/CanonicalCbor.h"
#include "net/StorageMessages.h"
#include "storage/MerkleTree.h"

#include <QCborArray>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;
using namespace ledgertest;

namespace {

QByteArray canonical(const QCborMap &map)
{
    auto bytes = cbor::encode(map);
    if (!bytes)
        die(bytes.error());
    return *bytes;
}

// Encodes and decodes like the log does, then parses: what a receiver sees.
template <typename Body> QCborMap throughTheWire(const Body &body)
{
    const QCborMap decoded = cbor::decode(canonical(body.toCbor())).value().toMap();
    auto parsed = Body::fromCbor(decoded);
    if (!parsed)
        die(parsed.error());
    return parsed->toCbor();
}

QCborMap with(QCborMap map, const QString &field, const QCborValue &value)
{
    map.insert(field, value);
    return map;
}

QCborMap without(QCborMap map, const QString &field)
{
    map.remove(field);
    return map;
}

// A four-chunk object and a node's signed statements about its chunks.
struct StoredObject
{
    QList<QByteArray> leaves;
    QByteArray root;

    StoredObject()
    {
        for (int i = 0; i < 4; ++i)
            leaves.append(MerkleTree::leafHash(QByteArray(100 + i, char('a' + i))));
        root = MerkleTree::root(leaves);
    }

    // What the node signs when it answers chunk `index` with data whose leaf hash is `claimed`.
    SlashStatement statement(const Ed25519SigningKey &node, qint64 index,
                             const QByteArray &claimed) const
    {
        wire::ChunkAnswer answer;
        answer.queryId = QByteArray("query-7");
        answer.objectId = root;
        answer.index = index;
        answer.leafCount = leaves.size();
        const QByteArray sig = node.sign(wire::statement(answer, claimed));
        return SlashStatement{root, index, leaves.size(), claimed, answer.queryId, sig};
    }

    SlashWitness witness(qint64 index) const
    {
        return SlashWitness{leaves[index], MerkleTree::inclusionProof(leaves, index)};
    }
};

} // namespace

// Every market body round-trips through canonical CBOR, and every malformed one is refused with
// a message naming its field; receipts and fraud proofs verify with real keys.
class TestLedgerBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bodiesRoundTripThroughCanonicalCbor()
    {
        const Signer a(1), b(2);
        const QMap<QByteArray, Money> grants{{a.pub(), Money::fromMicro(5)},
                                             {b.pub(), Money::fromMicro(0)}};
        const GenesisBody genesis{QStringLiteral("net"), smallParams().hash(), kStart, grants};
        QCOMPARE(throughTheWire(genesis), genesis.toCbor());
        const TransferBody transfer{b.pub(), Money::fromMicro(7)};
        QCOMPARE(throughTheWire(transfer), transfer.toCbor());
        const OfferBody offer{3, Money::fromMicro(12), Money::fromMicro(0), 1 << 20};
        QCOMPARE(throughTheWire(offer), offer.toCbor());
        const EscrowBody escrow{4, Money::fromMicro(9)};
        QCOMPARE(throughTheWire(escrow), escrow.toCbor());
        const PaymentVoucherBody voucher{a.pub(), 2, 10, Money::fromMicro(100),
                                         QByteArray(64, 's')};
        QCOMPARE(throughTheWire(voucher), voucher.toCbor());
        RaceReportBody race{5, {}};
        race.nodes.insert(a.pub(), RaceEntry{10, 4, 1, 2, {120, 80, 300}});
        QCOMPARE(throughTheWire(race), race.toCbor());
        AuditReportBody audit{5, {}};
        audit.nodes.insert(b.pub(), AuditEntry{3, 2, 10, 9});
        QCOMPARE(throughTheWire(audit), audit.toCbor());
        const QCborMap stake = StakeAmountBody{Money::fromMicro(11)}.toCbor();
        QCOMPARE(StakeAmountBody::fromCbor(stake, QStringLiteral("bond"))->toCbor(), stake);
    }

    void closeAndSlashRoundTrip()
    {
        const Signer a(1), b(2);
        EpochCloseBody close;
        close.epoch = 3;
        close.frontier.insert(a.pub(), Event::DepHead{4, QByteArray(32, 'h')});
        close.payouts.emission = Money::fromMicro(1000);
        close.payouts.dividend.insert(b.pub(), Money::fromMicro(3));
        close.payouts.refunds.insert(a.pub(), Money::fromMicro(2));
        close.payouts.poolBefore = Money::fromMicro(10);
        close.payouts.poolAfter = Money::fromMicro(7);
        QCOMPARE(throughTheWire(close), close.toCbor());

        const StoredObject object;
        const SlashBody slash{a.pub(), object.statement(a.key(), 1, object.leaves[2]),
                              object.witness(1)};
        QCOMPARE(throughTheWire(slash), slash.toCbor());
        // Signed as part of an event: nothing in the bodies is refused by the canonical encoder.
        Signer author(3);
        QCOMPARE(canonical(author.sign(EventKind::EpochClose, close.toCbor(), kStart).body()),
                 canonical(close.toCbor()));
    }

    void refusalsNameTheirField_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("expected");
        const QCborMap offer = offerBody(1, 10);
        const QCborMap transfer = transferBody(QByteArray(32, 'k'), 5);
        const QCborMap escrow = escrowBody(1, 5);
        const auto offerError = [](const QCborMap &map) {
            return OfferBody::fromCbor(map).error();
        };
        QTest::newRow("negative price")
            << offerError(with(offer, QStringLiteral("price_query"), -5))
            << QStringLiteral("offer: price_query must be an unsigned "
                              "integer of µcr, got -5");
        QTest::newRow("zero price_query")
            << offerError(with(offer, QStringLiteral("price_query"), 0))
            << QStringLiteral("offer: price_query must be at least 1 µcr");
        QTest::newRow("price above cap")
            << OfferBody::fromCbor(with(offer, QStringLiteral("price_query"), 5000))
                   ->checkCaps(smallParams())
                   .error()
            << QStringLiteral("offer: price_query 0.005000 cr is above the network's maximum "
                              "0.001000 cr");
        QTest::newRow("missing field")
            << TransferBody::fromCbor(without(transfer, QStringLiteral("amount"))).error()
            << QStringLiteral("transfer: amount is missing");
        QTest::newRow("wrong key size")
            << TransferBody::fromCbor(with(transfer, QStringLiteral("to"), QByteArray(31, 'k')))
                   .error()
            << QStringLiteral("transfer: to must be a 32-byte string, got 31 bytes");
        QTest::newRow("text where uint")
            << EscrowBody::fromCbor(with(escrow, QStringLiteral("epoch"), QStringLiteral("one")))
                   .error()
            << QStringLiteral("escrow: epoch must be an unsigned integer, got \"one\"");
        QTest::newRow("zero amount")
            << EscrowBody::fromCbor(with(escrow, QStringLiteral("amount"), 0)).error()
            << QStringLiteral("escrow: amount must be above 0 µcr");
        QCborArray latencies;
        for (int i = 0; i < 65; ++i)
            latencies.append(10);
        const QCborMap entry =
            with(RaceEntry{100, 1, 0, 0, {}}.toCbor(), QStringLiteral("latencies"), latencies);
        const QCborMap race{{QStringLiteral("epoch"), 1},
                            {QStringLiteral("nodes"), QCborMap{{QByteArray(32, '\1'), entry}}}};
        QTest::newRow("too many latencies")
            << RaceReportBody::fromCbor(race).error()
            << QStringLiteral("race_report: nodes[01010101]: latencies has 65 entries, at most 64");
        const QCborMap overWon{
            {QStringLiteral("epoch"), 1},
            {QStringLiteral("nodes"),
             QCborMap{{QByteArray(32, '\1'), RaceEntry{2, 3, 0, 0, {}}.toCbor()}}}};
        QTest::newRow("won more than raced")
            << RaceReportBody::fromCbor(overWon).error()
            << QStringLiteral("race_report: nodes[01010101]: won 3 of only 2 raced");
        EpochCloseBody close;
        close.payouts.dividend.insert(QByteArray(32, '\2'), Money::fromMicro(1));
        QCborMap payouts = close.payouts.toCbor();
        payouts.insert(QStringLiteral("dividend"), QCborMap{{QByteArray(32, '\2'), 0}});
        QTest::newRow("zero payout")
            << EpochCloseBody::fromCbor(with(close.toCbor(), QStringLiteral("payouts"), payouts))
                   .error()
            << QStringLiteral("epoch_close: payouts.dividend[02020202] must be above 0 µcr");
        QTest::newRow("lifecycle state")
            << LifecycleChangeBody::fromCbor(lifecycleBody(QByteArray(32, 'n'),
                                                           QStringLiteral("Stopped"),
                                                           QStringLiteral("Flying")))
                   .error()
            << QStringLiteral("lifecycle_change: to 'Flying' is not a lifecycle state");
    }

    void refusalsNameTheirField()
    {
        QFETCH(QString, error);
        QFETCH(QString, expected);
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    }

    void receiptSignsAndVerifies()
    {
        const Signer customer(7), node(8), other(9);
        Receipt receipt{node.pub(), customer.pub(), 3, 12, Money::fromMicro(1200)};
        const auto sig = receipt.sign(customer.key());
        QVERIFY(sig.ok());
        QVERIFY(receipt.verify(*sig));
        // The node cannot raise what the customer signed.
        Receipt forged = receipt;
        forged.amount = Money::fromMicro(12000);
        QVERIFY(!forged.verify(*sig));
        // Nor sign one itself, nor move it to another epoch.
        QVERIFY(!receipt.sign(node.key()).ok());
        QVERIFY(!receipt.verify(node.key().sign(receipt.signingBytes())));
        forged = receipt;
        forged.epoch = 4;
        QVERIFY(!forged.verify(*sig));
        // The signed bytes carry the context, so no other signed message can pass as a receipt.
        QVERIFY(receipt.signingBytes().contains("streamsync receipt v1"));
    }

    void falseStatementIsFraud()
    {
        const Signer node(11);
        const StoredObject object;
        // The node answered chunk 1 with the data of chunk 2, and signed it.
        const SlashBody lie{node.pub(), object.statement(node.key(), 1, object.leaves[2]),
                            object.witness(1)};
        const auto verdict = FraudCheck::verify(lie);
        QVERIFY2(verdict.ok(), qPrintable(verdict.error()));
    }

    void honestStatementIsNoFraud()
    {
        const Signer node(11);
        const StoredObject object;
        const SlashBody truth{node.pub(), object.statement(node.key(), 1, object.leaves[1]),
                              object.witness(1)};
        const auto verdict = FraudCheck::verify(truth);
        QVERIFY(!verdict.ok());
        QVERIFY2(verdict.error().contains(QStringLiteral("the answer was true")),
                 qPrintable(verdict.error()));
    }

    void forgedStatementIsNoFraud()
    {
        const Signer node(11), framer(12);
        const StoredObject object;
        // Someone else signs a false statement in the node's name.
        SlashBody forged{node.pub(), object.statement(framer.key(), 1, object.leaves[2]),
                         object.witness(1)};
        auto verdict = FraudCheck::verify(forged);
        QVERIFY(!verdict.ok());
        QVERIFY2(verdict.error().contains(QStringLiteral("signature does not verify")),
                 qPrintable(verdict.error()));
        // A witness that proves nothing under the root is no proof either.
        SlashBody badWitness{node.pub(), object.statement(node.key(), 1, object.leaves[2]),
                             object.witness(1)};
        badWitness.witness.leafHash = object.leaves[3];
        verdict = FraudCheck::verify(badWitness);
        QVERIFY(!verdict.ok());
        QVERIFY2(verdict.error().contains(QStringLiteral("witness path")),
                 qPrintable(verdict.error()));
    }

    void networkFileRoundTripsAndNamesMistakes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("network.json"));
        const NetworkConfig network{Signer(1).pub(), smallParams()};
        QVERIFY(network.save(path).ok());
        const auto loaded = NetworkConfig::load(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QCOMPARE(loaded->genesis, network.genesis);
        QCOMPARE(loaded->params.hash(), smallParams().hash());
        // Parameters left out are the defaults.
        const QByteArray hex = network.genesis.toHex();
        const auto minimal = NetworkConfig::fromJson("{\"genesis\": \"" + hex + "\"}");
        QCOMPARE(minimal->params.hash(), Parameters::defaults().hash());

        QVERIFY(
            NetworkConfig::fromJson("{\"genesis\": \"abcd\"}")
                .error()
                .contains(QStringLiteral("'genesis' must be the genesis key as 64 hex digits")));
        QVERIFY(NetworkConfig::fromJson("{\"genesis\": \"" + hex + "\", \"genesys\": 1}")
                    .error()
                    .contains(QStringLiteral("unknown field 'genesys'")));
        QVERIFY(NetworkConfig::fromJson("{\"genesis\": \"" + hex +
                                        "\", \"parameters\": {\"epoch_length_ms\": 5}}")
                    .error()
                    .contains(QStringLiteral("'epoch_length_ms' is 5")));
        QVERIFY(NetworkConfig::load(dir.filePath(QStringLiteral("none.json")))
                    .error()
                    .startsWith(QStringLiteral("cannot read the network file")));
    }
};

QTEST_GUILESS_MAIN(TestLedgerBodies)
#include "test_ledger_bodies.moc"
