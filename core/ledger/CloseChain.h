#pragma once

#include "ledger/ActiveGenesis.h"
#include "ledger/CloseVerdict.h"
#include "ledger/EventFolder.h"
#include "ledger/HeldEvents.h"
#include "ledger/LedgerConfig.h"
#include "ledger/LedgerState.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

#include <optional>

namespace streamsync {

// The accepted epoch closes and the state after each (a checkpoint), over the events a Ledger
// holds (docs/market.md "Epoch close"). Close n is the valid close of epoch n with the lowest
// (rank, hash) among those held; accepting it settles partition n from checkpoint n−1.
//
// Verdicts on close events are memoised per epoch: a verdict on a close of epoch n depends only
// on checkpoint n−1 and the events the close covers, so it stays true until the chain changes
// at or before n−1. "Incomplete" is never memoised: it changes as events arrive.
class CloseChain : public CloseJudge
{
public:
    CloseChain(const LedgerConfig &config, const HeldEvents &held,
               const std::optional<ActiveGenesis> &genesis);

    // Accepted closes: epochs 0 .. count−1.
    qint64 count() const { return m_checkpoints.size(); }
    // The state after close epoch−1; the empty state for epoch 0. Needs epoch ≤ count().
    const LedgerState &stateBefore(qint64 epoch) const;
    Event::Deps frontierBefore(qint64 epoch) const;
    // Epoch ≤ count(); empty when there is no genesis.
    QList<QByteArray> closers(qint64 epoch);
    int rank(const QByteArray &node, qint64 epoch);

    CloseVerdict judge(const HeldEvent &close) override;
    // Accepts the close of epoch count() if a valid one is held.
    bool acceptNext();
    // The lowest accepted epoch for which a better close than the accepted one is now valid
    // (`added`, or one that waited for events like `added`): the chain must be cut there and
    // rebuilt.
    std::optional<qint64> overturned(const HeldEvent &added);
    // Keeps closes 0 .. epochs−1 and forgets everything that depended on later ones.
    void truncate(qint64 epochs);
    void reset() { truncate(0); }

    // Authors whose missing events made a verdict Incomplete since the last call.
    QSet<QByteArray> takeWaitingOn() { return std::exchange(m_waitingOn, {}); }

    // The close body the closer of `epoch` (= count()) would sign now: its frontier is every
    // held feed's prefix of events with effective time < end(epoch), extended to cover the
    // previous close, and cut before any close it covers that cannot be judged yet.
    Result<EpochCloseBody> prepare(qint64 epoch);

private:
    struct Settled
    {
        LedgerState state;
        Payouts payouts;
        Money fees;
        const HeldEvent *incompleteClose = nullptr;
    };
    Result<Settled> settle(qint64 epoch, const Event::Deps &frontier);
    std::optional<CloseVerdict> cached(const HeldEvent &close) const;
    CloseVerdict evaluate(const HeldEvent &close, std::optional<Settled> *keep);
    CloseVerdict checkFrontier(const EpochCloseBody &body);
    bool better(const HeldEvent &candidate, const CloseRecord &accepted);
    void accept(const HeldEvent &close, int rank, Settled settled);

    const LedgerConfig &m_config;
    const HeldEvents &m_held;
    const std::optional<ActiveGenesis> &m_genesis;
    const LedgerState m_empty;
    QList<LedgerState> m_checkpoints;
    QMap<qint64, QHash<QByteArray, CloseVerdict>> m_verdicts; // epoch → close hash → verdict
    QMap<qint64, QList<QByteArray>> m_closers;                // epoch → closers, best first
    // Per accepted epoch, the better-ranked closes that were incomplete when it was accepted.
    QMap<qint64, QList<const HeldEvent *>> m_watch;
    QSet<QByteArray> m_waitingOn;
};

} // namespace streamsync
