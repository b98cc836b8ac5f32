#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

namespace streamsync::console {

class ProjectionReader;

// The Economics view (DESIGN §9): fee revenue and subsidy per GB-month stored, per closed epoch,
// against the incumbent's list price (a parameter) and the operator's own cost. Revenue is the
// operator's nodes' `fees` and `subsidy` earnings, scaled from an epoch to a 30-day month and
// divided by the bytes they store (each node's own database). While the operator's nodes store
// nothing, the whole network's figures are shown instead (every node's earnings over the space
// its current offer says it has in use: announced quota − offered free bytes), marked as such.
class EconomicsQuery
{
public:
    static Result<interfaces::EconomicsView>
    run(ProjectionReader &reader, interfaces::TimeRange range, interfaces::CostAssumptions costs);
    // µcr per GB-month from µcr earned in one epoch by `bytes` stored.
    static qint64 perGbMonth(qint64 microPerEpoch, qint64 bytes, qint64 epochLengthMs);
};

} // namespace streamsync::console
