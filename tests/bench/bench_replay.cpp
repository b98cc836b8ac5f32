// Replay throughput: LedgerReplay (decode and verify on every core, fold, projection in SQLite)
// of a signed market log, against raw OpenSSL Ed25519 verification of the same events' signing
// bytes on one core. Prints medians of 3 rounds; never fails for being slow.
//
//   bench_replay [EVENTS]   (default 100000)
#include "crypto/Ed25519.h"
#include "crypto/OpenSslPtr.h"
#include "db/Database.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerBodies.h"
#include "ledger/LedgerReplay.h"
#include "ledger/Receipt.h"
#include "log/EventStore.h"
#include "log/LogFile.h"
#include "market/SeededRandom.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

using namespace streamsync;

namespace {

constexpr int kRounds = 3;
constexpr int kNodes = 100;
constexpr int kCustomers = 100;
constexpr int kEventsPerEpoch = 5000;
constexpr qint64 kStart = 1'700'000'000'000;

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_replay: %s\n", qPrintable(why));
    std::exit(2);
}

template <typename T> T must(Result<T> result)
{
    if (!result)
        die(result.error());
    return std::move(result).value();
}

class Author
{
public:
    explicit Author(quint32 n) : m_key(must(Ed25519SigningKey::fromSeed(seed(n)))) {}
    const QByteArray &pub() const { return m_key.publicKey(); }
    const Ed25519SigningKey &key() const { return m_key; }
    Event sign(EventKind kind, const QCborMap &body, qint64 t)
    {
        Event e = must(Event::sign(m_key, ++m_seq, m_prev, {}, quint64(t), kind, body));
        m_prev = e.hash();
        return e;
    }

private:
    static QByteArray seed(quint32 n)
    {
        QByteArray s(32, '\x33');
        for (int i = 0; i < 4; ++i)
            s[i] = char((n >> (8 * i)) & 0xff);
        return s;
    }
    Ed25519SigningKey m_key;
    quint64 m_seq = 0;
    QByteArray m_prev = QByteArray(32, '\0');
};

Parameters benchParams()
{
    Parameters p;
    p.epochLengthMs = kEventsPerEpoch; // one event per ms
    p.closerTimeoutMs = 100;
    return p;
}

// A market log of about `count` events: transfers, offers, stake, escrows, vouchers carrying
// real customer receipts, race reports, and every epoch closed by its closer.
class LogMaker
{
public:
    LogMaker() : m_genesis(1), m_random(7)
    {
        for (int i = 0; i < kNodes; ++i)
            m_nodes.push_back(std::make_unique<Author>(100 + i));
        for (int i = 0; i < kCustomers; ++i)
            m_customers.push_back(std::make_unique<Author>(1000 + i));
        m_ledger = std::make_unique<Ledger>(config());
    }

    LedgerConfig config() const { return {benchParams(), m_genesis.pub()}; }

    QList<Event> make(int count)
    {
        QMap<QByteArray, Money> grants;
        for (auto &a : m_nodes)
            grants.insert(a->pub(), Money::fromMicro(1'000'000'000));
        for (auto &a : m_customers)
            grants.insert(a->pub(), Money::fromMicro(1'000'000'000));
        add(m_genesis.sign(
            EventKind::Genesis,
            GenesisBody{QStringLiteral("bench"), benchParams().hash(), kStart, grants}.toCbor(),
            kStart));
        for (qint64 epoch = 0; m_log.size() < count; ++epoch) {
            const qint64 base = kStart + epoch * kEventsPerEpoch;
            for (int i = 200; i < kEventsPerEpoch && m_log.size() < count; ++i)
                act(epoch, base + i);
            close(epoch);
        }
        return m_log;
    }

private:
    void add(const Event &e)
    {
        m_log.append(e);
        m_ledger->add(e);
    }
    Author &node() { return *m_nodes[size_t(m_random.bounded(kNodes))]; }
    Author &customer() { return *m_customers[size_t(m_random.bounded(kCustomers))]; }
    qint64 upTo(qint64 max) { return 1 + qint64(m_random.bounded(quint64(max))); }

    void act(qint64 epoch, qint64 t)
    {
        const quint64 roll = m_random.bounded(100);
        if (roll < 55) {
            Author &from = m_random.bounded(2) ? node() : customer();
            add(from.sign(EventKind::Transfer,
                          TransferBody{node().pub(), Money::fromMicro(upTo(1000))}.toCbor(), t));
        } else if (roll < 70) {
            Author &n = node();
            add(n.sign(EventKind::Offer,
                       OfferBody{++m_offerSeq[n.pub()], Money::fromMicro(upTo(1000)),
                                 Money::fromMicro(upTo(100'000)), 1LL << 40}
                           .toCbor(),
                       t));
        } else if (roll < 75) {
            add(node().sign(EventKind::Bond,
                            StakeAmountBody{Money::fromMicro(upTo(10'000))}.toCbor(), t));
        } else if (roll < 82) {
            add(customer().sign(EventKind::Escrow,
                                EscrowBody{epoch, Money::fromMicro(upTo(100'000))}.toCbor(), t));
        } else if (roll < 95) {
            voucher(epoch, t);
        } else {
            RaceReportBody race{epoch, {}};
            race.nodes.insert(node().pub(), RaceEntry{10, 2, 1, 0, {120, 340, 95, 410}});
            add(customer().sign(EventKind::RaceReport, race.toCbor(), t));
        }
    }

    void voucher(qint64 epoch, qint64 t)
    {
        Author &c = customer();
        Author &n = node();
        auto &[queries, amount] = m_receipts[{c.pub(), n.pub(), epoch}];
        queries += upTo(10);
        amount += upTo(500);
        const Receipt receipt{n.pub(), c.pub(), epoch, queries, Money::fromMicro(amount)};
        add(n.sign(EventKind::PaymentVoucher,
                   PaymentVoucherBody{c.pub(), epoch, queries, Money::fromMicro(amount),
                                      must(receipt.sign(c.key()))}
                       .toCbor(),
                   t));
    }

    Author &signer(const QByteArray &key)
    {
        if (key == m_genesis.pub())
            return m_genesis;
        for (auto &n : m_nodes)
            if (n->pub() == key)
                return *n;
        die(QStringLiteral("no closer"));
    }

    void close(qint64 epoch)
    {
        const QByteArray closer = m_ledger->closerOrder(epoch).value(0);
        const QCborMap body = must(m_ledger->prepareClose(epoch, closer));
        add(signer(closer).sign(EventKind::EpochClose, body, m_ledger->closeDueMs(epoch, 0)));
        if (m_ledger->lastClosedEpoch() != epoch)
            die(QStringLiteral("epoch %1 did not close").arg(epoch));
    }

    Author m_genesis;
    std::vector<std::unique_ptr<Author>> m_nodes, m_customers;
    SeededRandom m_random;
    std::unique_ptr<Ledger> m_ledger;
    std::map<QByteArray, qint64> m_offerSeq;
    std::map<std::tuple<QByteArray, QByteArray, qint64>, std::pair<qint64, qint64>> m_receipts;
    QList<Event> m_log;
};

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

// Raw OpenSSL on one core: one EVP_PKEY per author, one-shot Ed25519 verification per event.
// The context is reset before each event: OpenSSL 3.0 re-initialised with another key than the
// last one verifies against the old key (checked on Debian 12's 3.0.x).
double rawVerifyPerSecond(const QList<Event> &events)
{
    std::map<QByteArray, EvpPkeyPtr> keys;
    for (const Event &e : events) {
        if (keys.count(e.author()) == 0)
            keys.emplace(e.author(), EvpPkeyPtr(EVP_PKEY_new_raw_public_key(
                                         EVP_PKEY_ED25519, nullptr, bytes(e.author()), 32)));
    }
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    QElapsedTimer timer;
    timer.start();
    for (const Event &e : events) {
        const QByteArray &message = e.signingBytes();
        EVP_MD_CTX_reset(ctx.get());
        if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, keys.at(e.author()).get()) !=
                1 ||
            EVP_DigestVerify(ctx.get(), bytes(e.sig()), 64, bytes(message),
                             size_t(message.size())) != 1)
            die(QStringLiteral("raw verify failed at %1 (%2)")
                    .arg(e.shortName(), takeOpenSslError()));
    }
    return double(events.size()) * 1e9 / double(std::max<qint64>(timer.nsecsElapsed(), 1));
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? std::max(1000, std::atoi(argv[1])) : 100'000;
    QTemporaryDir dir;
    if (!dir.isValid())
        die(QStringLiteral("no temporary folder"));

    std::printf("bench_replay: signing a log of about %d events...\n", count);
    std::fflush(stdout);
    LogMaker maker;
    const QList<Event> events = maker.make(count);
    auto db = must(Database::open(dir.filePath(QStringLiteral("node.sqlite")),
                                  Database::OpenMode::CreateIfMissing));
    QList<QByteArray> encoded;
    for (const Event &e : events)
        encoded.append(e.encoded());
    QByteArray sequence;
    QBuffer buffer(&sequence);
    buffer.open(QIODevice::ReadWrite);
    if (!writeSequence(buffer, encoded))
        die(QStringLiteral("cannot write the sequence"));
    buffer.seek(0);
    EventStore store(*db, 1 << 20);
    const auto imported = must(store.importFrom(buffer));
    if (imported.accepted != quint64(events.size()))
        die(QStringLiteral("stored %1 of %2 events: %3")
                .arg(imported.accepted)
                .arg(events.size())
                .arg(imported.firstRefusal));

    std::vector<double> replayRates, rawRates, ratios;
    ReplayReport last;
    for (int round = 0; round < kRounds; ++round) {
        const double raw = rawVerifyPerSecond(events);
        last = must(LedgerReplay::fromDatabase(*db, maker.config(), kStart));
        const double replay = last.eventsPerSecond();
        replayRates.push_back(replay);
        rawRates.push_back(raw);
        ratios.push_back(replay / raw);
    }
    std::printf(
        "bench_replay: %lld events (%lld epochs closed, %lld refused), %d rounds, medians\n",
        static_cast<long long>(events.size()), static_cast<long long>(last.lastClosedEpoch + 1),
        static_cast<long long>(last.refusals), kRounds);
    std::printf("  last round: %s\n", qPrintable(last.summary()));
    std::printf("  replay (read + decode/verify on %d threads + fold + write): %.0f events/s\n",
                QThreadPool::globalInstance()->maxThreadCount(), median(replayRates));
    std::printf("  raw OpenSSL Ed25519 verify, one core:                        %.0f events/s\n",
                median(rawRates));
    std::printf("  ratio replay/raw: %.2f (target >= 0.70)\n", median(ratios));
    return 0;
}
