#include "crypto/Ed25519.h"
#include "customer/EpochSchedule.h"
#include "customer/EpochTally.h"
#include "customer/FraudWatch.h"
#include "customer/HeldReports.h"
#include "customer/PaymentBook.h"
#include "ledger/FraudCheck.h"
#include "localnet/CompetitorProfile.h"
#include "localnet/LocalnetManifest.h"
#include "storage/MerkleTree.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;

namespace {

QByteArray key(char c)
{
    return QByteArray(32, c);
}

} // namespace

// The customer's market bookkeeping as pure parts (issue #5): race and audit tallies, the escrow
// and receipts, fraud proofs, the epoch estimate; and the local network's roster and manifest.
class TestCustomerMarket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tallyKeepsReportCountsConsistent();
    void tallySamplesAtMost64Latencies();
    void heldReportsComeBackWholeInTheNextRun();
    void damagedHeldReportsAreRefusedAndKept();
    void escrowReservesPaysAndReleases();
    void balanceCountsOnlyRefundsThatHappened();
    void fraudNeedsAWitnessAndSlashesOncePerNode();
    void scheduleNarrowsTheStartFromReplies();
    void rosterHasEveryStrategyAndDistinctNames();
    void manifestRoundTrips();
};

void TestCustomerMarket::tallyKeepsReportCountsConsistent()
{
    EpochTally tally(4, 1);
    tally.raced(key('a'), EpochTally::Mark::Verified, 12, true);
    tally.raced(key('b'), EpochTally::Mark::Invalid, 0, false);
    tally.raced(key('c'), EpochTally::Mark::None, 0, false);
    tally.raced(key('a'), EpochTally::Mark::SlaMiss, 0, false);
    tally.query(true, Money::fromMicro(3000));
    tally.query(false, {});
    tally.probed(key('a'), true);
    tally.audited(key('b'), false);
    const RaceReportBody report = tally.raceReport();
    QCOMPARE(report.epoch, qint64(4));
    QCOMPARE(report.nodes.value(key('a')).raced, qint64(2));
    QCOMPARE(report.nodes.value(key('a')).won, qint64(1));
    QCOMPARE(report.nodes.value(key('a')).slaMiss, qint64(1));
    QCOMPARE(report.nodes.value(key('a')).latenciesMs, QList<qint64>{12});
    QCOMPARE(report.nodes.value(key('b')).invalid, qint64(1));
    // What the ledger parses back is what was tallied (its consistency checks pass).
    const auto parsed = RaceReportBody::fromCbor(report.toCbor());
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    const auto audits = AuditReportBody::fromCbor(tally.auditReport().toCbor());
    QVERIFY2(audits.ok(), qPrintable(audits.error()));
    QCOMPARE(audits->nodes.value(key('b')).audits, qint64(1));
    QCOMPARE(audits->nodes.value(key('b')).passed, qint64(0));
    const QString line =
        tally.summary([](const QByteArray &k) { return QString(QLatin1Char(k[0])); });
    QCOMPARE(line, QStringLiteral("epoch 4: queries 2 (0 not sent), won a 1, sla_miss 1, "
                                  "invalid 1, spent 3000 µcr"));
}

void TestCustomerMarket::tallySamplesAtMost64Latencies()
{
    EpochTally tally(0, 9);
    for (int i = 0; i < 1000; ++i)
        tally.raced(key('a'), EpochTally::Mark::Verified, i, i % 2 == 0);
    const RaceEntry entry = tally.raceReport().nodes.value(key('a'));
    QCOMPARE(entry.raced, qint64(1000));
    QCOMPARE(entry.won, qint64(500));
    QCOMPARE(entry.latenciesMs.size(), RaceEntry::kMaxLatencies);
    // A uniform sample, not the first 64.
    QVERIFY(*std::max_element(entry.latenciesMs.cbegin(), entry.latenciesMs.cend()) > 500);
}

// A customer restarted within an epoch (the local network admitting a node) holds the first
// half's reports in its folder; the next run takes them (the file goes) and its one report for
// the epoch counts both halves.
void TestCustomerMarket::heldReportsComeBackWholeInTheNextRun()
{
    QTemporaryDir dir;
    EpochTally first(7, 1);
    for (int i = 0; i < 50; ++i)
        first.raced(key('a'), EpochTally::Mark::Verified, 10 + i, i % 2 == 0);
    first.raced(key('b'), EpochTally::Mark::SlaMiss, 0, false);
    first.probed(key('a'), true);
    const QString path = HeldReports::pathIn(dir.path());
    QVERIFY(HeldReports::save(path, {first.raceReport(), first.auditReport()}));

    auto held = HeldReports::take(path);
    QVERIFY2(held, qPrintable(held.error()));
    QVERIFY(held->has_value());
    QVERIFY(!QFile::exists(path)); // taken once
    QVERIFY(HeldReports::take(path).value() == std::nullopt);

    EpochTally second(7, 2);
    for (int i = 0; i < 30; ++i)
        second.raced(key('a'), EpochTally::Mark::Verified, 500 + i, true);
    second.probed(key('a'), false);
    second.absorb(held->value().races, held->value().audits);
    const RaceReportBody races = second.raceReport();
    QCOMPARE(races.nodes.value(key('a')).raced, qint64(80));
    QCOMPARE(races.nodes.value(key('a')).won, qint64(55));
    QCOMPARE(races.nodes.value(key('b')).slaMiss, qint64(1));
    const QList<qint64> sample = races.nodes.value(key('a')).latenciesMs;
    QCOMPARE(sample.size(), RaceEntry::kMaxLatencies);
    // Both runs are in the sample.
    QVERIFY(std::any_of(sample.begin(), sample.end(), [](qint64 l) { return l < 100; }));
    QVERIFY(std::any_of(sample.begin(), sample.end(), [](qint64 l) { return l >= 500; }));
    const AuditReportBody audits = second.auditReport();
    QCOMPARE(audits.nodes.value(key('a')).probes, qint64(2));
    QCOMPARE(audits.nodes.value(key('a')).answered, qint64(1));
    QVERIFY(RaceReportBody::fromCbor(races.toCbor()).ok()); // still a valid report
}

void TestCustomerMarket::damagedHeldReportsAreRefusedAndKept()
{
    QTemporaryDir dir;
    const QString path = HeldReports::pathIn(dir.path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("not cbor at all") > 0);
    file.close();
    const auto held = HeldReports::take(path);
    QVERIFY(!held);
    QVERIFY2(held.error().contains(QStringLiteral("damaged")), qPrintable(held.error()));
    QVERIFY(QFile::exists(path)); // left for a person to look at
}

void TestCustomerMarket::escrowReservesPaysAndReleases()
{
    PaymentBook book;
    QVERIFY(!book.reserve(3, Money::fromMicro(1)));
    book.escrowAppended(3, Money::fromMicro(10'000));
    const auto first = book.reserve(3, Money::fromMicro(6000));
    QVERIFY(first);
    QVERIFY(!book.reserve(3, Money::fromMicro(6000))); // 4000 left
    const Receipt paid = book.pay(*first, key('n'), key('c'), Money::fromMicro(2500));
    QCOMPARE(paid.queries, qint64(1));
    QCOMPARE(paid.amount, Money::fromMicro(2500));
    const auto second = book.reserve(3, Money::fromMicro(6000));
    QVERIFY(second);
    book.release(*second); // an SLA miss: nothing receipted
    const auto third = book.reserve(3, Money::fromMicro(3000));
    const Receipt cumulative = book.pay(*third, key('n'), key('c'), Money::fromMicro(2000));
    QCOMPARE(cumulative.queries, qint64(2));
    QCOMPARE(cumulative.amount, Money::fromMicro(4500));
    QCOMPARE(book.spent(3), Money::fromMicro(4500));
    book.escrowRefused(4);
    QVERIFY(!book.reserve(4, Money::fromMicro(1)));
}

void TestCustomerMarket::balanceCountsOnlyRefundsThatHappened()
{
    PaymentBook book;
    QVERIFY(!book.balance(0));
    book.setGrant(Money::fromMicro(100'000));
    book.escrowAppended(0, Money::fromMicro(10'000));
    book.pay(*book.reserve(0, Money::fromMicro(4000)), key('n'), key('c'), Money::fromMicro(4000));
    book.escrowAppended(1, Money::fromMicro(10'000));
    // In epoch 2 no close has refunded epoch 0 for sure yet; in epoch 3 it has.
    QCOMPARE(book.balance(2), Money::fromMicro(80'000));
    QCOMPARE(book.balance(3), Money::fromMicro(86'000));
}

void TestCustomerMarket::fraudNeedsAWitnessAndSlashesOncePerNode()
{
    const QList<QByteArray> chunks{QByteArray(100, 'x'), QByteArray(100, 'y'), QByteArray(50, 'z')};
    QList<QByteArray> leaves;
    for (const QByteArray &c : chunks)
        leaves.append(MerkleTree::leafHash(c));
    const QByteArray object = MerkleTree::root(leaves);
    const auto node = Ed25519SigningKey::generate();
    QVERIFY(node.ok());
    wire::ChunkAnswer lie{QByteArray(16, 'q'),
                          object,
                          1,
                          3,
                          QByteArray(100, '!'),
                          MerkleTree::inclusionProof(leaves, 1),
                          node->publicKey(),
                          {}};
    const QByteArray falseLeaf = MerkleTree::leafHash(lie.data);
    lie.signature = node->sign(wire::statement(lie, falseLeaf));

    FraudWatch watch;
    watch.signedFalse(node->publicKey(), lie, falseLeaf);
    QVERIFY(watch.takeReady().isEmpty()); // no witness yet
    watch.witness(object, 1, 3, leaves[1], MerkleTree::inclusionProof(leaves, 1));
    const QList<SlashBody> ready = watch.takeReady();
    QCOMPARE(ready.size(), 1);
    QVERIFY2(FraudCheck::verify(ready.first()).ok(),
             qPrintable(FraudCheck::verify(ready.first()).error()));
    const auto parsed = SlashBody::fromCbor(ready.first().toCbor());
    QVERIFY(parsed.ok());
    // The same node lying again is not slashed again in this session.
    lie.queryId = QByteArray(16, 'r');
    lie.signature = node->sign(wire::statement(lie, falseLeaf));
    watch.signedFalse(node->publicKey(), lie, falseLeaf);
    QVERIFY(watch.takeReady().isEmpty());
    QVERIFY(watch.hasSlashed(node->publicKey()));
}

void TestCustomerMarket::scheduleNarrowsTheStartFromReplies()
{
    EpochSchedule schedule(1000);
    QVERIFY(!schedule.isKnown());
    schedule.observe(10'500, 10); // start in (9'500, 500]
    QVERIFY(schedule.isKnown());
    QCOMPARE(schedule.epochAt(10'500), qint64(10));
    schedule.observe(11'050, 11); // start in (50, 50]... at most 50
    QCOMPARE(schedule.startOf(11), qint64(11'050));
    QCOMPARE(schedule.epochAt(11'049), qint64(10));
    schedule.setStart(0);
    QCOMPARE(schedule.epochAt(11'049), qint64(11));
    QCOMPARE(schedule.endOf(11), qint64(12'000));
}

void TestCustomerMarket::rosterHasEveryStrategyAndDistinctNames()
{
    const QList<CompetitorProfile> six = CompetitorProfile::roster(6);
    QSet<QString> names;
    QSet<QString> strategies;
    for (const CompetitorProfile &p : six) {
        names.insert(p.name);
        strategies.insert(p.strategy);
        QVERIFY(p.offerPrice.micro() >= 1 && p.bond.micro() > 0 && p.capacityBytes > 0);
    }
    QCOMPARE(names.size(), 6);
    QCOMPARE(strategies, (QSet<QString>{QStringLiteral("fixed"), QStringLiteral("undercut"),
                                        QStringLiteral("premium"), QStringLiteral("walk"),
                                        QStringLiteral("archive")}));
    QSet<QString> many;
    for (const CompetitorProfile &p : CompetitorProfile::roster(32))
        many.insert(p.name);
    QCOMPARE(many.size(), 32);
}

void TestCustomerMarket::manifestRoundTrips()
{
    QTemporaryDir dir;
    LocalnetManifest m;
    m.dir = dir.path();
    m.network = dir.filePath(QStringLiteral("network.json"));
    m.epochMs = 3000;
    m.pid = 42;
    m.objects = {QString(64, QLatin1Char('a'))};
    LocalnetManifest::Process p;
    p.name = QStringLiteral("aurora");
    p.role = QStringLiteral("node");
    p.nodeId = QString(64, QLatin1Char('b'));
    p.listen = QStringLiteral("127.0.0.1:7000");
    p.offerPriceMicro = 3000;
    m.processes = {p};
    QVERIFY(m.save().ok());
    const auto loaded = LocalnetManifest::load(dir.path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->pid, qint64(42));
    QCOMPARE(loaded->objects, m.objects);
    QCOMPARE(loaded->processes.first().peerArgument(),
             QStringLiteral("127.0.0.1:7000@") + p.nodeId);
    QCOMPARE(loaded->processes.first().offerPriceMicro, qint64(3000));
}

QTEST_GUILESS_MAIN(TestCustomerMarket)
#include "test_customer_market.moc"
