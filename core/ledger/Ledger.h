#pragma once

#include "ledger/ActiveGenesis.h"
#include "ledger/HeldEvents.h"
#include "ledger/LedgerConfig.h"
#include "ledger/LedgerState.h"
#include "log/Event.h"
#include "market/Candidate.h"
#include "market/ReputationSnapshot.h"
#include "util/Result.h"

#include <QCborMap>
#include <QList>
#include <QSet>

#include <memory>
#include <optional>

namespace streamsync {

class CloseChain;

// The market's books (docs/market.md): a pure, deterministic fold of the set of events it holds
// into balances, escrows, stake, the pool, offers, earnings, reputation observations, slashes,
// refusals and node lifecycle states. Two ledgers holding the same events are in the same state
// whatever order the events came in.
//
// It is fed events whose signatures are already checked and whose feeds are valid (each author's
// events in seq order; authors interleaved in any way). It keeps the state after every accepted
// epoch close and folds the open partition on top of the last one: an event that sorts after
// everything folded so far is applied at once; one that sorts before marks the open partition
// stale, and it is folded again from the last close when the state is next read (so a burst of
// late events costs one fold, not one each). A close is applied once every event it covers is
// held.
//
// Not thread-safe, const accessors included (they may fold the open partition): used from one
// thread (the daemon's, or a replay's). A reference returned by state() is valid until the next
// add.
class Ledger
{
public:
    explicit Ledger(LedgerConfig config);
    ~Ledger();
    Ledger(const Ledger &) = delete;
    Ledger &operator=(const Ledger &) = delete;

    // Adds the next event of its author's feed. False, and nothing changes, for an event that is
    // not (a duplicate, a gap, a wrong prev).
    bool add(const Event &event);
    // Adds many events (each feed in seq order) and folds once: what a replay uses.
    void addAll(const QList<Event> &events);

    const LedgerConfig &config() const { return m_config; }
    const Parameters &params() const { return m_config.params; }
    bool hasGenesis() const { return m_genesis.has_value(); }
    qint64 eventCount() const { return m_held.total(); }
    const HeldEvents &held() const { return m_held; }

    // Everything folded so far, the open partition included.
    const LedgerState &state() const;
    // The state right after the close of `epoch`; the empty state for −1, the current one for
    // an epoch not closed yet.
    const LedgerState &stateAfterClose(qint64 epoch) const;
    const QList<CloseRecord> &closes() const { return state().closes; }
    Result<void> conservation() const { return state().conservation(); }

    // Epochs need the genesis' start_ms: without a genesis, epochOf() is −1 and nothing closes.
    qint64 genesisStartMs() const;
    qint64 epochOf(qint64 timeMs) const;
    qint64 epochEndMs(qint64 epoch) const;
    qint64 lastClosedEpoch() const;

    // Closers (docs/market.md "Closer"). Only the next epoch to close (or an earlier one) has
    // an order; −1 when `node` is not in it.
    int closerRank(const QByteArray &node, qint64 epoch) const;
    QList<QByteArray> closerOrder(qint64 epoch) const;
    // When the closer of `rank` may sign the close of `epoch`.
    qint64 closeDueMs(qint64 epoch, int rank) const;
    // The body the closer would sign now for the next epoch to close (EpochCloseBody::toCbor()).
    // Refuses an epoch that is closed or not next, and a closer without a rank.
    Result<QCborMap> prepareClose(qint64 epoch, const QByteArray &closer) const;

    // Every announced node with a current offer, as the selection code sees it: price,
    // reputation over the window ending at nowMs, bonded stake, and online = its last lifecycle
    // state is Online and it is not suspended (accuracy under the threshold).
    QList<Candidate> candidates(qint64 nowMs) const;
    Result<ReputationSnapshot> reputation(const QByteArray &node, qint64 nowMs) const;

    Money balance(const QByteArray &account) const { return state().balance(account); }
    Money bonded(const QByteArray &node) const { return state().bondedOf(node); }
    Money unbonding(const QByteArray &node) const { return state().unbondingOf(node); }
    Money pool() const { return state().pool; }
    Money supply() const;
    std::optional<OfferRecord> currentOffer(const QByteArray &node) const;
    QList<OfferRecord> offerHistory(const QByteArray &node) const;
    Money earnings(const QByteArray &node, qint64 epoch, EarningSource source) const;
    std::optional<LifecycleState> lifecycleState(const QByteArray &node) const;
    // Why an event changed nothing; empty when it was applied (or is not held).
    QString refusal(const QByteArray &eventHash) const;

private:
    bool activateGenesis(const Event &event);
    void rebuildFrom(qint64 epoch);
    void advance();
    void foldOpen() const;
    void applyOpen(const HeldEvent &held);

    LedgerConfig m_config;
    HeldEvents m_held;
    std::optional<ActiveGenesis> m_genesis;
    std::unique_ptr<CloseChain> m_chain;
    // The open partition's fold is a cache of (checkpoint, held events), refreshed on read.
    mutable LedgerState m_current;
    mutable bool m_openStale = true;
    mutable const HeldEvent *m_openLast = nullptr; // the last event folded into it
    // Authors whose events an incomplete close in the open partition waits for.
    mutable QSet<QByteArray> m_openWaitingOn;
};

} // namespace streamsync
