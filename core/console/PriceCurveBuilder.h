#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

namespace streamsync::console {

class ProjectionReader;

// Prepares the Market view's price curve for one node (DESIGN §9): the ledger's current
// candidates (offers, newest scores, stake), the node's own scores (the priors while it has
// none), recent demand, and PriceProjection on top; the result is immutable and thread-safe.
// The customers' maximum is taken as the network's maxPricePerQuery, the most any may offer.
class PriceCurveBuilder
{
public:
    static Result<interfaces::PriceCurvePtr> build(ProjectionReader &reader, const QString &nodeId);
};

} // namespace streamsync::console
