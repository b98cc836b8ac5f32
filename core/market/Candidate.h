#pragma once

#include "crypto/NodeId.h"
#include "money/Money.h"
#include "util/Result.h"

namespace streamsync {

// One node as the selection rule sees it (DESIGN §3): its current offer's price per query, its
// reputation terms and its bonded stake. Scores are doubles in [0, 1] (they only rank nodes);
// money stays in integer µcr.
struct Candidate
{
    NodeId node;
    Money pricePerQuery;
    double performance = 0.0;
    double accuracy = 0.0;
    double uptime = 0.0;
    Money bondedStake;
    bool online = true;
    bool holdsContent = true;

    // Refuses what no valid offer or reputation can produce: a null id, a price under 1 µcr
    // (a free node would make every other price ratio infinite), scores that are NaN, infinite
    // or outside [0, 1], and negative stake.
    Result<void> validate() const;
};

} // namespace streamsync
