#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

namespace streamsync::console {

class ProjectionReader;

// Prepares the Market view's price curve for one node (DESIGN §9): the ledger's current
// candidates (offers, newest scores, stake), the node's own scores (the priors while it has
// none), recent demand, and PriceProjection on top; the result is immutable and thread-safe.
// The customers' maximum is the embedded network's customer's when it runs, else the network's
// maxPricePerQuery, the most any customer may pay (real customers' limits are not in the log).
class PriceCurveBuilder
{
public:
    // `customerMaxMicro`: what the customers pay at most per query, if known (the embedded
    // network's customer); 0 takes the protocol's cap (Parameters::maxPricePerQuery).
    static Result<interfaces::PriceCurvePtr> build(ProjectionReader &reader, const QString &nodeId,
                                                   qint64 customerMaxMicro = 0);
};

} // namespace streamsync::console
