#pragma once

#include "customer/ChunkBook.h"
#include "customer/EpochSchedule.h"
#include "customer/EpochTally.h"
#include "customer/FraudWatch.h"
#include "customer/PaymentBook.h"
#include "customer/QuerySelector.h"
#include "log/EventKind.h"
#include "money/Money.h"
#include "params/Parameters.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <map>
#include <optional>

namespace streamsync {

class Auditor;
class ChunkRace;
class CustomerFeed;
class Ed25519SigningKey;
class FeedPublisher;
class MarketView;
class NodeLink;
class PeerSet;

// `customer load --network`: the customer's side of the market (DESIGN §3, docs/market.md) as a
// paced workload. Queries go out at `rate` a second (a QTimer, caught up on a monotonic clock);
// each is for a random chunk of a random object, raced among the k nodes QuerySelector picks, the
// fee reserved from the epoch's escrow. The first verified answer wins: the others get `cancel`,
// the winner a cumulative receipt for its quoted price. Late answers are still checked until the
// SLA deadline, so a lie is caught even when it loses the race; a signed one becomes a `slash`.
//
// The customer's feed gets, per epoch: its `escrow` (appended shortly before the epoch starts,
// sized from Options::escrow or the expected queries at the maximum price, capped by the known
// balance), and once the epoch's last race is settled one `race_report` and one `audit_report`
// (the Auditor's proofs of storage and liveness probes). epochSummary() carries the one-line
// summary `customer load` prints.
class MarketWorkload : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QList<QByteArray> objects;
        // Holders the customer's object book names, by object (counted until a node denies).
        QHash<QByteArray, QList<NodeLink *>> knownHolders;
        int rate = 20;
        std::chrono::milliseconds duration{0}; // 0: until stop()
        quint64 seed = 1;
        Money maxPrice;
        std::optional<Money> escrow; // per epoch
        std::optional<qint64> genesisStartMs;
        std::optional<Money> grant;
        std::chrono::milliseconds marketInterval{2000};
        std::chrono::milliseconds auditInterval{3000};
        int maxInFlight = 256;
        // Where reports held by an earlier run are (HeldReports): a start takes them back.
        QString heldReportsPath;
        // A stop keeps the running epoch's reports there for the next run instead of
        // publishing half an epoch.
        bool holdPartialEpoch = false;
    };

    MarketWorkload(PeerSet &peers, CustomerFeed &feed, const Ed25519SigningKey &key,
                   const Parameters &params, Options options, ChunkBook chunks,
                   QObject *parent = nullptr);
    ~MarketWorkload() override;

    void start();
    // Stops sending, lets the races in flight settle, reports the running epoch, waits (briefly)
    // for the feed to reach a node, then emits finished().
    void stop();
    qint64 queries() const { return m_queries; }
    qint64 wins() const { return m_wins; }

Q_SIGNALS:
    void epochSummary(const QString &line);
    // Something the operator should read (an escrow refused, a slash published).
    void notice(const QString &line);
    void finished();

private:
    struct Flight
    {
        qint64 epoch = 0;
        QList<QuerySelector::Pick> picks;
        PaymentBook::Reservation reservation;
    };

    void onMarketUpdated();
    void begin();
    void tick();
    void launch();
    void onDecided(ChunkRace *race);
    void onSettled(ChunkRace *race);
    void sendReceipt(NodeLink *link, const Receipt &receipt);
    void markNodes(const ChunkRace &race, const Flight &flight);
    void onEpochTimer();
    void ensureEscrow(qint64 epoch);
    Money escrowAmount(qint64 epoch) const;
    void report(qint64 epoch);
    // At the first market reply: what an earlier run held back (HeldReports).
    void takeHeldReports();
    // At the end: the running epoch's reports go to the held file, when one is configured.
    bool holdRunningEpoch(qint64 epoch, const EpochTally &tally);
    void appendEvent(EventKind kind, const QCborMap &body, qint64 epoch);
    void publishSlashes();
    void onPublished(quint64 seq);
    void onRefused(quint64 seq, const QString &kind, const QString &reason);
    EpochTally &tally(qint64 epoch);
    QByteArray keyOf(NodeLink *link) const;
    qint64 nowMs() const;
    void maybeFinish();

    PeerSet &m_peers;
    CustomerFeed &m_feed;
    const Ed25519SigningKey &m_key;
    Parameters m_params;
    Options m_options;
    ChunkBook m_chunks;
    EpochSchedule m_clock;
    MarketView *m_market;
    FeedPublisher *m_publisher;
    Auditor *m_auditor;
    QuerySelector m_selector;
    PaymentBook m_payments;
    FraudWatch m_fraud;
    SeededRandom m_random;
    std::map<qint64, EpochTally> m_tallies;
    QHash<ChunkRace *, Flight> m_flights;
    QMap<qint64, int> m_inFlightByEpoch;
    QMap<quint64, qint64> m_escrowSeqs; // feed seq of an escrow → its epoch
    QTimer m_ticker;
    QTimer m_epochTimer;
    QTimer m_finishTimer;
    QElapsedTimer m_elapsed;
    qint64 m_due = 0;
    qint64 m_queries = 0;
    qint64 m_wins = 0;
    bool m_begun = false;
    bool m_stopping = false;
    bool m_done = false;
};

} // namespace streamsync
