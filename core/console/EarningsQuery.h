#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

namespace streamsync::console {

class ProjectionReader;

// The Earnings view (DESIGN §9) from `ledger_earnings` and `ledger_epochs`: per closed epoch in
// the range, by source, for one node or all of the operator's nodes added up; every closed
// epoch is listed, with zeros where the node earned nothing. The running epoch's fees are those
// credited to epochs the ledger has not closed yet; the estimates extrapolate linearly.
class EarningsQuery
{
public:
    static Result<interfaces::EarningsSeries> run(ProjectionReader &reader, const QString &nodeId,
                                                  interfaces::TimeRange range);
    // One header line, then one line per epoch: epoch,start,end,fees,dividend,subsidy,total,
    // close event; money in credits with six decimals ("12.345678"), times in ISO 8601 UTC.
    static QByteArray csv(const interfaces::EarningsSeries &series);
};

} // namespace streamsync::console
