#pragma once

#include "interfaces/MarketData.h"
#include "market/Candidate.h"
#include "util/Result.h"

#include <QList>

namespace streamsync::console {

class ProjectionReader;

// The Market view (DESIGN §9) from `ledger_offers`: every valid offer in the range, each node's
// current one, the spread of the offers standing at each epoch's end, and recent demand (the
// queries the customers' race reports counted in the newest reported epoch).
class MarketQuery
{
public:
    static Result<interfaces::MarketView> run(ProjectionReader &reader,
                                              interfaces::TimeRange range);
    // Queries won per epoch across the network, from the newest epoch any race report covers.
    static Result<qint64> queriesPerEpoch(ProjectionReader &reader);
    // Every node with a current offer, as the selection rule sees it: price, newest scores,
    // bonded stake; offline unless its announced state is Online and it is not suspended.
    static Result<QList<Candidate>> candidates(ProjectionReader &reader);
    // The median of `prices` (the lower middle for an even count); 0 when empty.
    static qint64 median(QList<qint64> prices);
};

} // namespace streamsync::console
