#include "LocalCluster.h"

#include "crypto/Ed25519.h"
#include "db/Database.h"
#include "log/CanonicalCbor.h"
#include "log/EventStore.h"
#include "log/Feed.h"
#include "node/NodeHome.h"
#include "params/Parameters.h"
#include "util/Clock.h"

#include <QCborValue>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;

namespace {

constexpr int kNodes = 5;
constexpr int kOffersPerNode = 50;
// Generous: five processes share a loaded two-core machine; convergence usually takes seconds.
constexpr int kConvergeTimeoutMs = 90'000;
const QString kPassphrase = QStringLiteral("gossip cluster passphrase");

Ed25519SigningKey newKey()
{
    auto key = Ed25519SigningKey::generate();
    if (!key)
        qFatal("%s", qPrintable(key.error()));
    return std::move(key).value();
}

QCborMap offerBody(int price)
{
    return {{QStringLiteral("price_per_query"), price},
            {QStringLiteral("price_per_gb_month"), 50'000},
            {QStringLiteral("free_bytes"), qint64(1) << 30}};
}

// A copy of `event` with its body changed after signing: canonical, well formed, badly signed.
QByteArray tampered(const Event &event)
{
    QCborMap map = cbor::decode(event.encoded()).value().toMap();
    map.insert(QStringLiteral("body"), offerBody(1));
    return cbor::encode(map).value();
}

// Written straight into the table, past every check, as a corrupt or malicious node would.
Result<void> insertRaw(NodeHome &home, const QByteArray &encoded)
{
    const auto event = Event::decode(encoded, Parameters::defaults().maxEventBytes);
    if (!event)
        return Error{event.error()};
    const auto inserted = home.database().query(
        QStringLiteral("INSERT INTO events (author, seq, hash, kind, time_ms, bytes)"
                       " VALUES (?, ?, ?, ?, ?, ?)"),
        {event->author(), qint64(event->seq()), event->hash(), event->kindName(),
         qint64(event->timeMs()), encoded});
    if (!inserted)
        return Error{inserted.error()};
    return {};
}

Result<void> acceptAll(NodeHome &home, const QList<QByteArray> &events)
{
    for (const QByteArray &event : events) {
        const auto accepted = home.log().accept(event);
        if (!accepted)
            return Error{accepted.error()};
    }
    return {};
}

} // namespace

// Five real `streamsync-node run` processes in a line (0-1-2-3-4) on loopback, each with its own
// feed; node 0 also holds forged events written with raw SQL, nodes 1 and 3 the two sides of a
// fork. The stages run in order on one cluster.
class TestGossipCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void allNodesConverge();
    void forgedEventsNeverSpread();
    void forkProofReachesEveryNode();
    void restartedNodeIsRedialledAndCatchesUp();
    void sigtermExitsCleanlyWithIntactDatabases();

private:
    void prepareForgeries();
    void prepareFork();
    // Every node's event hashes, without the ones that are meant to differ.
    std::optional<QList<QSet<QByteArray>>> comparableHashes() const;
    bool converged() const;
    qsizetype commonEventCount() const;
    bool everyNodeHoldsForkProof() const;

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    QByteArray m_forgedTampered;     // T#4: a valid chain's next event, body changed after signing
    QByteArray m_forgedUnsigned;     // F#1: zeroed signature
    QList<QByteArray> m_validPrefix; // T#1..3
    QByteArray m_forkAuthor;
    QSet<QByteArray> m_forkRivals; // X#3a, X#3b
    QByteArray m_forkTail;         // X#4b, held only by the nodes on side b
    int m_offersAfterRestart = 0;
};

void TestGossipCluster::initTestCase()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    keepTestDirIfAsked(*m_dir);
    m_cluster.emplace(m_dir->path(), kPassphrase);
    for (int i = 0; i < kNodes; ++i) {
        const auto added = m_cluster->addNode(QStringLiteral("node%1").arg(i));
        QVERIFY2(added.ok(), qPrintable(added.error()));
        const auto filled = m_cluster->appendOffers(i, kOffersPerNode);
        QVERIFY2(filled.ok(), qPrintable(filled.error()));
    }
    prepareForgeries();
    prepareFork();
    const QStringList fast{QStringLiteral("--gossip-interval-ms"), QStringLiteral("200")};
    for (int i = 0; i < kNodes; ++i) {
        const auto started = m_cluster->start(i, i == 0 ? QList<int>{} : QList<int>{i - 1}, fast);
        QVERIFY2(started.ok(),
                 qPrintable(started.error() + QLatin1Char('\n') + m_cluster->stderrText(i)));
    }
}

void TestGossipCluster::prepareForgeries()
{
    const Ed25519SigningKey forger = newKey();
    Feed feed(forger.publicKey());
    SystemClock clock;
    for (int seq = 1; seq <= 4; ++seq) {
        const auto event =
            feed.append(forger, EventKind::Offer, offerBody(seq), {}, quint64(clock.nowMs()));
        QVERIFY2(event.ok(), qPrintable(event.error()));
        if (seq < 4)
            m_validPrefix.append(event->encoded());
        else
            m_forgedTampered = tampered(*event);
    }
    const Ed25519SigningKey stranger = newKey();
    const auto lone = Event::sign(stranger, 1, QByteArray(32, '\0'), {}, quint64(clock.nowMs()),
                                  EventKind::Offer, offerBody(7));
    QVERIFY(lone.ok());
    QCborMap unsignedMap = cbor::decode(lone->encoded()).value().toMap();
    unsignedMap.insert(QStringLiteral("sig"), QByteArray(64, '\0'));
    m_forgedUnsigned = cbor::encode(unsignedMap).value();

    const auto injected = m_cluster->withHome(0, [this](NodeHome &home) -> Result<void> {
        if (auto valid = acceptAll(home, m_validPrefix); !valid)
            return valid;
        if (auto forged = insertRaw(home, m_forgedTampered); !forged)
            return forged;
        return insertRaw(home, m_forgedUnsigned);
    });
    QVERIFY2(injected.ok(), qPrintable(injected.error()));
}

void TestGossipCluster::prepareFork()
{
    const Ed25519SigningKey equivocator = newKey();
    m_forkAuthor = equivocator.publicKey();
    Feed feed(m_forkAuthor);
    SystemClock clock;
    QList<QByteArray> shared;
    for (int seq = 1; seq <= 2; ++seq)
        shared.append(
            feed.append(equivocator, EventKind::Offer, offerBody(seq), {}, quint64(clock.nowMs()))
                ->encoded());
    const QByteArray prev = Event::decode(shared.last(), 1 << 16)->hash();
    QList<QByteArray> rivals;
    for (int price : {300, 301}) {
        const auto rival = Event::sign(equivocator, 3, prev, {}, quint64(clock.nowMs()),
                                       EventKind::Offer, offerBody(price));
        QVERIFY(rival.ok());
        rivals.append(rival->encoded());
        m_forkRivals.insert(rival->hash());
    }
    // Side b goes on: a node holding side a refuses X#4b (wrong prev) and must probe for the fork.
    const auto tail = Event::sign(equivocator, 4, Event::decode(rivals.at(1), 1 << 16)->hash(), {},
                                  quint64(clock.nowMs()), EventKind::Offer, offerBody(400));
    QVERIFY(tail.ok());
    m_forkTail = tail->hash();
    const QList<QList<QByteArray>> sides{shared + QList<QByteArray>{rivals.at(0)},
                                         shared + QList<QByteArray>{rivals.at(1), tail->encoded()}};
    for (int side = 0; side < 2; ++side) {
        const auto injected = m_cluster->withHome(
            side == 0 ? 1 : 3, [&](NodeHome &home) { return acceptAll(home, sides.at(side)); });
        QVERIFY2(injected.ok(), qPrintable(injected.error()));
    }
}

std::optional<QList<QSet<QByteArray>>> TestGossipCluster::comparableHashes() const
{
    const QSet<QByteArray> forged{Event::decode(m_forgedTampered, 1 << 16)->hash(),
                                  Event::decode(m_forgedUnsigned, 1 << 16)->hash()};
    QList<QSet<QByteArray>> sets;
    for (int i = 0; i < kNodes; ++i) {
        const auto hashes = m_cluster->column(i, QStringLiteral("SELECT hash FROM events"));
        if (!hashes)
            return std::nullopt;
        QSet<QByteArray> set(hashes->begin(), hashes->end());
        // Each node keeps the side of the fork it saw first.
        if (!set.intersects(m_forkRivals))
            return std::nullopt;
        set.subtract(m_forkRivals);
        set.remove(m_forkTail);
        if (i == 0)
            set.subtract(forged);
        sets.append(set);
    }
    return sets;
}

bool TestGossipCluster::converged() const
{
    const auto sets = comparableHashes();
    if (!sets)
        return false;
    for (const QSet<QByteArray> &set : *sets) {
        if (set != sets->first())
            return false;
    }
    return true;
}

void TestGossipCluster::allNodesConverge()
{
    QTRY_VERIFY_WITH_TIMEOUT(converged(), kConvergeTimeoutMs);
    QCOMPARE(comparableHashes()->first().size(), commonEventCount());
}

// Own feeds: announce, Stopped, the offers, Starting and Online (a restart records nothing); plus
// the forger's valid prefix and the equivocator's two shared events.
qsizetype TestGossipCluster::commonEventCount() const
{
    return kNodes * (kOffersPerNode + 4) + m_offersAfterRestart + m_validPrefix.size() + 2;
}

void TestGossipCluster::forgedEventsNeverSpread()
{
    const QByteArray tamperedHash = Event::decode(m_forgedTampered, 1 << 16)->hash();
    const QByteArray unsignedHash = Event::decode(m_forgedUnsigned, 1 << 16)->hash();
    for (int i = 1; i < kNodes; ++i) {
        const auto hashes = m_cluster->column(i, QStringLiteral("SELECT hash FROM events"));
        QVERIFY2(hashes.ok(), qPrintable(hashes.error()));
        QVERIFY2(!hashes->contains(tamperedHash), qPrintable(QStringLiteral("node %1").arg(i)));
        QVERIFY2(!hashes->contains(unsignedHash), qPrintable(QStringLiteral("node %1").arg(i)));
        for (const QByteArray &valid : m_validPrefix)
            QVERIFY(hashes->contains(Event::decode(valid, 1 << 16)->hash()));
    }
    // Node 1 pulled them from node 0 and said why it refused them.
    const QString log = m_cluster->stderrText(1);
    QVERIFY2(log.contains(QLatin1String("refused an event from")), qPrintable(log));
}

bool TestGossipCluster::everyNodeHoldsForkProof() const
{
    for (int i = 0; i < kNodes; ++i) {
        const auto authors = m_cluster->column(i, QStringLiteral("SELECT author FROM fork_proofs"));
        if (!authors || !authors->contains(m_forkAuthor))
            return false;
    }
    return true;
}

void TestGossipCluster::forkProofReachesEveryNode()
{
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeHoldsForkProof(), kConvergeTimeoutMs);
}

// Node 0 goes away, gains events while down and comes back on its port: node 1 must dial it again
// (capped backoff) and the new events must travel the whole line to node 4.
void TestGossipCluster::restartedNodeIsRedialledAndCatchesUp()
{
    const auto stopped = m_cluster->stop(0, 30'000);
    QVERIFY2(stopped.ok(), qPrintable(stopped.error()));
    m_offersAfterRestart = 5;
    const auto filled = m_cluster->appendOffers(0, m_offersAfterRestart);
    QVERIFY2(filled.ok(), qPrintable(filled.error()));
    const auto restarted =
        m_cluster->restart(0, {}, {QStringLiteral("--gossip-interval-ms"), QStringLiteral("200")});
    QVERIFY2(restarted.ok(), qPrintable(restarted.error() + m_cluster->stderrText(0)));
    QTRY_VERIFY_WITH_TIMEOUT(converged() &&
                                 comparableHashes()->first().size() == commonEventCount(),
                             kConvergeTimeoutMs);
    QVERIFY(m_cluster->stderrText(1).contains(QLatin1String("dialling again")));
}

void TestGossipCluster::sigtermExitsCleanlyWithIntactDatabases()
{
    for (int i = 0; i < kNodes; ++i) {
        const auto stopped = m_cluster->stop(i, 30'000);
        QVERIFY2(stopped.ok(),
                 qPrintable(stopped.error() + QLatin1Char('\n') + m_cluster->stderrText(i)));
        QVERIFY(m_cluster->node(i).out.contains(QLatin1String("stopped")));
    }
    for (int i = 0; i < kNodes; ++i) {
        const QString dir = m_cluster->node(i).dir;
        QVERIFY2(!QFile::exists(dir + QStringLiteral("/run.pid")), qPrintable(dir));
        auto db = Database::open(NodeHome::databasePath(dir), Database::OpenMode::ExistingOnly);
        QVERIFY2(db.ok(), qPrintable(db.error()));
        auto check = db.value()->query(QStringLiteral("PRAGMA quick_check"));
        QVERIFY(check.ok() && check.value().next());
        QCOMPARE(check->value(0).toString(), QStringLiteral("ok"));
        EventStore store(*db.value(), Parameters::defaults().maxEventBytes);
        const auto proofs = store.forkProofs();
        QVERIFY2(proofs.ok() && !proofs->isEmpty(), qPrintable(proofs.error()));
        QCOMPARE(proofs->first().first().author(), m_forkAuthor);
        QVERIFY(proofs->first().verify().ok());
    }
    SystemClock clock;
    for (int i = 0; i < kNodes; ++i) {
        const auto home = NodeHome::open(m_cluster->node(i).dir, clock);
        QVERIFY2(home.ok(), qPrintable(home.error()));
        QCOMPARE(toString(home.value()->record()->state), QStringLiteral("Online"));
    }
}

QTEST_GUILESS_MAIN(TestGossipCluster)
#include "test_gossip_cluster.moc"
