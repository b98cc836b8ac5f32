#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

namespace streamsync::console {

class ProjectionReader;

// The Stake view (DESIGN §9): the node's balance, bonded and unbonding stake (`ledger_accounts`),
// each unbonding entry with its release time (`ledger_unbonding`), its slashes with the event
// that proved them (`ledger_slashes`), and its stake at each epoch close and now (`ledger_stake`).
class StakeQuery
{
public:
    static Result<interfaces::StakeView> run(ProjectionReader &reader, const QString &nodeId,
                                             interfaces::TimeRange range);
};

} // namespace streamsync::console
