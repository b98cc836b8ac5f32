#pragma once

#include "ledger/ActiveGenesis.h"
#include "ledger/CloseVerdict.h"
#include "ledger/HeldEvents.h"
#include "ledger/LedgerConfig.h"
#include "ledger/LedgerState.h"
#include "util/Result.h"

#include <optional>

namespace streamsync {

// Judges epoch_close events met inside a fold; the Ledger, which holds the checkpoints a
// verdict needs.
class CloseJudge
{
public:
    virtual ~CloseJudge() = default;
    virtual CloseVerdict judge(const HeldEvent &close) = 0;
};

// One pass over one partition (docs/market.md "Fold order").
struct FoldRun
{
    qint64 epoch = 0; // the partition's: the epoch whose close settles it
    // The first epoch_close met whose verdict waits for events not held: the partition cannot be
    // settled yet.
    const HeldEvent *incompleteClose = nullptr;
};

// Applies one event to a ledger state by the rules of docs/market.md, in the fold order the
// caller keeps. An event that breaks a rule changes nothing but a refusal record naming why.
class EventFolder
{
public:
    EventFolder(const LedgerConfig &config, const std::optional<ActiveGenesis> &genesis,
                CloseJudge &judge);

    void apply(const HeldEvent &held, LedgerState &state, FoldRun &run) const;

    // The signature check inside a body (a voucher's receipt, a slash's statement), done once per
    // event and kept in it: safe to call for distinct events from several threads at once, so a
    // replay checks them on every core before folding.
    static Result<void> proof(const HeldEvent &held);

private:
    static Result<void> checkProof(const Event &event);
    Result<void> dispatch(const HeldEvent &held, LedgerState &state, FoldRun &run) const;
    Result<void> genesis(const Event &event, LedgerState &state) const;
    Result<void> transfer(const Event &event, LedgerState &state) const;
    Result<void> bond(const Event &event, LedgerState &state) const;
    Result<void> unbond(const HeldEvent &held, LedgerState &state) const;
    Result<void> escrow(const Event &event, LedgerState &state) const;
    Result<void> offer(const HeldEvent &held, LedgerState &state) const;
    Result<void> voucher(const HeldEvent &held, LedgerState &state, const FoldRun &run) const;
    Result<void> raceReport(const HeldEvent &held, LedgerState &state) const;
    Result<void> auditReport(const HeldEvent &held, LedgerState &state) const;
    Result<void> announce(const Event &event, LedgerState &state) const;
    Result<void> lifecycle(const HeldEvent &held, LedgerState &state) const;
    Result<void> slash(const HeldEvent &held, LedgerState &state, const FoldRun &run) const;
    Result<void> close(const HeldEvent &held, LedgerState &state, FoldRun &run) const;

    static Result<void> claimReport(LedgerState &state, const Event &event, char kind,
                                    qint64 epoch);
    static void slashStake(LedgerState &state, const QByteArray &node, const HeldEvent &proof,
                           const FoldRun &run, const QString &reason, const Parameters &params);

    const LedgerConfig &m_config;
    const std::optional<ActiveGenesis> &m_genesis;
    CloseJudge &m_judge;
};

} // namespace streamsync
