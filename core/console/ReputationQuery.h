#pragma once

#include "interfaces/MarketData.h"
#include "util/Result.h"

#include <QByteArray>

namespace streamsync::console {

class ProjectionReader;

// The Reputation view (DESIGN §9): one node's scores at each epoch close (`ledger_reputation`,
// parts per million), the quality they select by, and the race and audit reports that moved
// them (the `race_report` and `audit_report` events naming the node).
class ReputationQuery
{
public:
    static Result<interfaces::ReputationSeries> run(ProjectionReader &reader, const QString &nodeId,
                                                    interfaces::TimeRange range);
    // The node's newest scores, or the priors of a node without any (0.5, DESIGN §3).
    static Result<interfaces::ReputationPoint> latest(ProjectionReader &reader,
                                                      const QByteArray &key);
};

} // namespace streamsync::console
