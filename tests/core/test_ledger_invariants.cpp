#include "test_ledger_kit.h"

#include "db/Database.h"
#include "ledger/LedgerProjection.h"
#include "ledger/LedgerReplay.h"
#include "log/EventStore.h"
#include "market/SeededRandom.h"
#include "net/StorageMessages.h"
#include "storage/MerkleTree.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <tuple>

using namespace streamsync;
using namespace ledgertest;

namespace {

constexpr int kEpochs = 8;
constexpr int kActionsPerEpoch = 420;
constexpr qint64 kNow = kStart + (kEpochs + 1) * kEpochMs;

// A seeded market: nodes, customers and plain accounts doing valid and invalid things for a
// number of epochs, each epoch closed by its designated closer through prepareClose(), and
// sometimes first by a closer that signs wrong payouts. The reference ledger is fed in signing
// order and read after every event, so its in-order path is the one exercised.
class Workload
{
public:
    explicit Workload(quint64 seed) : m_random(seed)
    {
        for (quint32 i = 0; i < 8; ++i)
            m_nodes.push_back(std::make_unique<Signer>(1000 + i));
        for (quint32 i = 0; i < 6; ++i)
            m_customers.push_back(std::make_unique<Signer>(2000 + i));
        for (quint32 i = 0; i < 4; ++i)
            m_others.push_back(std::make_unique<Signer>(3000 + i));
        for (quint32 i = 0; i < 4; ++i)
            m_leaves.append(MerkleTree::leafHash(QByteArray(200, char('a' + i))));
        m_root = MerkleTree::root(m_leaves);
    }

    LedgerConfig config() const { return {smallParams(), m_genesis.pub()}; }
    const QList<Event> &log() const { return m_log; }
    Ledger &reference() { return *m_reference; }
    int wrongCloses() const { return m_wrongCloses; }

    void run()
    {
        m_reference = std::make_unique<Ledger>(config());
        start();
        for (qint64 epoch = 0; epoch < kEpochs; ++epoch) {
            for (int i = 0; i < kActionsPerEpoch; ++i)
                act(epoch, epochStart(epoch) + 200 + i * 780 / kActionsPerEpoch);
            close(epoch);
        }
    }

private:
    void add(Signer &signer, EventKind kind, const QCborMap &body, qint64 timeMs)
    {
        const Event event = signer.sign(kind, body, timeMs);
        m_log.append(event);
        if (!m_reference->add(event))
            die(QStringLiteral("reference refused %1").arg(event.shortName()));
        if (auto kept = m_reference->conservation(); !kept)
            die(kept.error());
    }

    Signer &any(std::vector<std::unique_ptr<Signer>> &group)
    {
        return *group[size_t(m_random.bounded(group.size()))];
    }
    Signer &anyAccount()
    {
        const quint64 which = m_random.bounded(3);
        return any(which == 0 ? m_nodes : which == 1 ? m_customers : m_others);
    }
    qint64 upTo(qint64 max) { return 1 + qint64(m_random.bounded(quint64(max))); }
    bool chance(int percent) { return m_random.bounded(100) < quint64(percent); }

    void start()
    {
        QMap<QByteArray, Money> grants;
        for (auto &n : m_nodes)
            grants.insert(n->pub(), Money::fromMicro(10'000));
        for (auto &c : m_customers)
            grants.insert(c->pub(), Money::fromMicro(20'000));
        for (auto &o : m_others)
            grants.insert(o->pub(), Money::fromMicro(5'000));
        add(m_genesis, EventKind::Genesis, genesisBody(smallParams(), grants), kStart);
        for (auto &n : m_nodes) {
            add(*n, EventKind::NodeAnnounce, announceBody(n->pub(), QStringLiteral("node")),
                kStart + 10);
            add(*n, EventKind::LifecycleChange,
                lifecycleBody(n->pub(), QStringLiteral("Starting"), QStringLiteral("Online")),
                kStart + 20);
            add(*n, EventKind::Bond, amountBody(upTo(500)), kStart + 30);
            offer(*n, kStart + 40);
        }
    }

    void offer(Signer &node, qint64 t)
    {
        qint64 &seq = m_offerSeq[node.pub()];
        seq += chance(85) ? 1 : 0;                                  // sometimes a stale offer_seq
        add(node, EventKind::Offer, offerBody(seq, upTo(1200)), t); // above 1000: over the cap
    }

    void act(qint64 epoch, qint64 t)
    {
        const quint64 roll = m_random.bounded(100);
        if (roll < 22)
            add(anyAccount(), EventKind::Transfer,
                transferBody(anyAccount().pub(), chance(90) ? upTo(300) : upTo(100'000)), t);
        else if (roll < 30)
            offer(any(m_nodes), t);
        else if (roll < 36)
            add(any(m_nodes), EventKind::Bond, amountBody(upTo(chance(80) ? 300 : 50'000)), t);
        else if (roll < 40)
            add(any(m_nodes), EventKind::Unbond, amountBody(upTo(250)), t);
        else if (roll < 48)
            add(any(m_customers), EventKind::Escrow,
                escrowBody(epoch + qint64(chance(20)), upTo(600)), t);
        else if (roll < 66)
            query(epoch);
        else if (roll < 76)
            voucher(epoch, t);
        else if (roll < 81)
            raceReport(epoch, t);
        else if (roll < 86)
            auditReport(epoch, t);
        else if (roll < 90)
            lifecycle(t);
        else if (roll < 92)
            slash(t);
        else if (roll < 94)
            add(anyAccount(), EventKind::Mint, amountBody(upTo(100)), t); // always refused
        else
            add(any(m_customers), EventKind::Transfer, transferBody(any(m_nodes).pub(), upTo(50)),
                t);
    }

    // A customer's answered queries: the newest cumulative receipt, kept off the log.
    void query(qint64 epoch)
    {
        Signer &customer = any(m_customers);
        Signer &node = any(m_nodes);
        auto &receipt = m_receipts[{customer.pub(), node.pub(), epoch}];
        receipt.first += upTo(5);
        receipt.second += upTo(60);
        m_payers[customer.pub()] = &customer;
    }

    void voucher(qint64 epoch, qint64 t)
    {
        if (m_receipts.empty())
            return;
        auto it = m_receipts.begin();
        std::advance(it, qint64(m_random.bounded(m_receipts.size())));
        const auto &[customer, node, receiptEpoch] = it->first;
        if (receiptEpoch < epoch - 1)
            return; // its escrow is refunded: the node missed its chance
        Signer &nodeSigner = *findNode(node);
        add(nodeSigner, EventKind::PaymentVoucher,
            voucherBody(*m_payers.at(customer), node, receiptEpoch, it->second.first,
                        it->second.second),
            t);
    }

    Signer *findNode(const QByteArray &key)
    {
        for (auto &n : m_nodes)
            if (n->pub() == key)
                return n.get();
        die(QStringLiteral("no such node"));
    }

    void raceReport(qint64 epoch, qint64 t)
    {
        RaceReportBody body{std::max<qint64>(0, epoch - qint64(chance(70))), {}};
        for (int i = 0; i < 3; ++i) {
            RaceEntry entry;
            entry.raced = 20;
            entry.won = qint64(m_random.bounded(5));
            entry.slaMiss = qint64(m_random.bounded(3));
            entry.invalid = qint64(m_random.bounded(2));
            for (int k = 0; k < 8; ++k)
                entry.latenciesMs.append(qint64(m_random.bounded(2500)));
            body.nodes.insert(any(m_nodes).pub(), entry);
        }
        add(any(m_customers), EventKind::RaceReport, body.toCbor(), t);
    }

    void auditReport(qint64 epoch, qint64 t)
    {
        Signer &auditor = any(m_nodes);
        AuditReportBody body{epoch, {}};
        for (int i = 0; i < 2; ++i) {
            const qint64 audits = upTo(30), probes = upTo(100);
            body.nodes.insert(any(m_nodes).pub(),
                              AuditEntry{audits, qint64(m_random.bounded(quint64(audits) + 1)),
                                         probes, qint64(m_random.bounded(quint64(probes) + 1))});
        }
        add(auditor, EventKind::AuditReport, body.toCbor(), t);
    }

    void lifecycle(qint64 t)
    {
        Signer &node = any(m_nodes);
        const bool online = chance(60);
        add(node, EventKind::LifecycleChange,
            lifecycleBody(node.pub(), QStringLiteral("Online"),
                          online ? QStringLiteral("Online") : QStringLiteral("Paused")),
            t);
    }

    // A node answers chunk 1 with another chunk's leaf (or, sometimes, truthfully) and signs it.
    void slash(qint64 t)
    {
        Signer &node = any(m_nodes);
        const qint64 claimed = chance(75) ? 2 : 1;
        wire::ChunkAnswer answer;
        answer.queryId = QByteArray::number(t);
        answer.objectId = m_root;
        answer.index = 1;
        answer.leafCount = m_leaves.size();
        const SlashStatement statement{
            m_root,          1,
            m_leaves.size(), m_leaves[claimed],
            answer.queryId,  node.key().sign(wire::statement(answer, m_leaves[claimed]))};
        const SlashWitness witness{m_leaves[1], MerkleTree::inclusionProof(m_leaves, 1)};
        add(any(m_customers), EventKind::Slash, SlashBody{node.pub(), statement, witness}.toCbor(),
            t);
    }

    Signer &signerOf(const QByteArray &key)
    {
        if (key == m_genesis.pub())
            return m_genesis;
        return *findNode(key);
    }

    void close(qint64 epoch)
    {
        const QList<QByteArray> order = m_reference->closerOrder(epoch);
        int rank = 0;
        if (order.size() > 1 && chance(30)) {
            // The first closer signs payouts one µcr off; the next one closes at its turn.
            EpochCloseBody body =
                EpochCloseBody::fromCbor(*m_reference->prepareClose(epoch, order[0])).value();
            body.payouts.poolAfter = Money::fromMicro(body.payouts.poolAfter.micro() + 1);
            add(signerOf(order[0]), EventKind::EpochClose, body.toCbor(),
                m_reference->closeDueMs(epoch, 0));
            ++m_wrongCloses;
            rank = 1;
        }
        const auto body = m_reference->prepareClose(epoch, order[rank]);
        if (!body)
            die(body.error());
        add(signerOf(order[rank]), EventKind::EpochClose, *body,
            m_reference->closeDueMs(epoch, rank));
        if (m_reference->lastClosedEpoch() != epoch)
            die(QStringLiteral("epoch %1 did not close").arg(epoch));
    }

    SeededRandom m_random;
    Signer m_genesis{100};
    std::vector<std::unique_ptr<Signer>> m_nodes, m_customers, m_others;
    std::map<QByteArray, qint64> m_offerSeq;
    std::map<std::tuple<QByteArray, QByteArray, qint64>, std::pair<qint64, qint64>> m_receipts;
    std::map<QByteArray, Signer *> m_payers;
    QList<QByteArray> m_leaves;
    QByteArray m_root;
    QList<Event> m_log;
    std::unique_ptr<Ledger> m_reference;
    int m_wrongCloses = 0;
};

// The events in another order: each author's feed stays in seq order, the authors are
// interleaved at random.
QList<Event> interleaved(const QList<Event> &log, quint64 seed)
{
    std::map<QByteArray, QList<Event>> feeds;
    for (const Event &e : log)
        feeds[e.author()].append(e);
    std::vector<std::pair<QList<Event>, qsizetype>> queues;
    for (auto &[author, feed] : feeds)
        queues.push_back({feed, 0});
    SeededRandom random(seed);
    QList<Event> out;
    while (!queues.empty()) {
        const size_t pick = size_t(random.bounded(queues.size()));
        auto &[feed, next] = queues[pick];
        out.append(feed[next++]);
        if (next == feed.size())
            queues.erase(queues.begin() + qint64(pick));
    }
    return out;
}

} // namespace

// Order independence and conservation under seeded random workloads, and replay from the log
// alone giving the very same projection.
class TestLedgerInvariants : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.emplace().isValid()); }

    void workloads_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("seed 1") << quint64(1);
        QTest::newRow("seed 2") << quint64(2);
        QTest::newRow("seed 3") << quint64(3);
    }

    void workloads()
    {
        QFETCH(quint64, seed);
        Workload work(seed);
        work.run();
        QVERIFY(work.log().size() > 2500);
        QCOMPARE(work.reference().lastClosedEpoch(), kEpochs - 1);
        const QByteArray expected = dump(work.reference());
        // The workload exercised what it is meant to.
        const LedgerState &s = work.reference().state();
        QVERIFY(s.refusals.size() > 50);
        QVERIFY(!s.slashes.isEmpty());
        QVERIFY(!s.earnings.isEmpty());
        QVERIFY(work.wrongCloses() > 0);
        qInfo("seed %llu: %lld events, %lld refused, %lld slashes, %d wrong closes",
              static_cast<unsigned long long>(seed), static_cast<long long>(work.log().size()),
              static_cast<long long>(s.refusals.size()), static_cast<long long>(s.slashes.size()),
              work.wrongCloses());

        // (a, b) Two observers, two interleavings; conservation after every accepted close.
        for (quint64 order : {seed * 10 + 1, seed * 10 + 2}) {
            Ledger observer(work.config());
            qint64 closed = -1;
            int fed = 0;
            for (const Event &e : interleaved(work.log(), order)) {
                QVERIFY(observer.add(e));
                for (; closed < observer.lastClosedEpoch(); ++closed) {
                    const auto kept = observer.stateAfterClose(closed + 1).conservation();
                    QVERIFY2(kept.ok(), qPrintable(kept.error()));
                }
                if (++fed % 97 == 0) // reading folds the open partition: both paths are used
                    QVERIFY(observer.conservation().ok());
            }
            QCOMPARE(observer.lastClosedEpoch(), kEpochs - 1);
            QVERIFY(dump(observer) == expected);
        }

        // (c) Replay from the events table, and from an exported file.
        const QString path = m_dir->filePath(QStringLiteral("node.sqlite"));
        auto db = Database::open(path, Database::OpenMode::CreateIfMissing);
        QVERIFY(db.ok());
        EventStore store(**db, 1 << 20);
        const auto stored = (*db)->transaction([&]() -> Result<void> {
            for (const Event &e : interleaved(work.log(), seed)) {
                const auto outcome = store.accept(e.encoded());
                if (!outcome || *outcome != EventStore::AcceptOutcome::Stored)
                    return fail(QStringLiteral("not stored: %1").arg(e.shortName()));
            }
            return {};
        });
        QVERIFY2(stored.ok(), qPrintable(stored.error()));
        const auto replayed = LedgerReplay::fromDatabase(**db, work.config(), kNow);
        QVERIFY2(replayed.ok(), qPrintable(replayed.error()));
        QCOMPARE(replayed->events, qint64(work.log().size()));
        QVERIFY(LedgerProjection::dump(**db).value() == expected);

        QFile file(m_dir->filePath(QStringLiteral("log.cbor")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(store.exportTo(file).ok());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto fresh = Database::open(m_dir->filePath(QStringLiteral("fresh.sqlite")),
                                    Database::OpenMode::CreateIfMissing);
        QVERIFY(fresh.ok());
        QVERIFY(LedgerReplay::fromFile(file, **fresh, work.config(), kNow).ok());
        QVERIFY(LedgerProjection::dump(**fresh).value() == expected);
    }

private:
    QByteArray dump(const Ledger &ledger)
    {
        auto db = Database::open(m_dir->filePath(QStringLiteral("p%1.sqlite").arg(++m_files)),
                                 Database::OpenMode::CreateIfMissing);
        if (!db)
            die(db.error());
        if (auto written = LedgerProjection::write(**db, ledger, kNow); !written)
            die(written.error());
        return LedgerProjection::dump(**db).value();
    }

    std::optional<QTemporaryDir> m_dir;
    int m_files = 0;
};

QTEST_GUILESS_MAIN(TestLedgerInvariants)
#include "test_ledger_invariants.moc"
