#pragma once

#include "market/AccuracyScore.h"
#include "market/ReputationObservation.h"
#include "market/ReputationSnapshot.h"
#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QList>

namespace streamsync {

// The reputation rule (DESIGN §3): a pure function of a node's observations in the window
// (nowMs - reputationWindowMs, nowMs], its bonded stake and the parameters. Observations are
// folded in their canonical order, so two observers holding the same log agree exactly.
//
// - performance = 1 - min(p90, SLA deadline)/deadline over race latencies; p90 is the
//   nearest-rank percentile (the ⌈0.9·n⌉-th smallest). An SLA miss, or an answer that did not
//   verify, counts as a latency of the whole deadline.
// - accuracy: AccuracyScore over verified/invalid answers and passed/failed audits (v = 1/0).
//   An SLA miss is not an accuracy fact (no answer is not a wrong answer); it costs performance.
// - uptime = answered probes / probes.
// - A term without any observation in the window is 0.5, the accuracy prior's mean: a new node
//   is "unknown", neither shut out of selection nor preferred to proven nodes.
// - suspended: accuracy below suspensionAccuracyPermille, judged only once there is accuracy
//   evidence in the window (the prior alone, 0.5, would otherwise suspend every new node).
class Reputation
{
public:
    static Result<ReputationSnapshot> compute(QList<ReputationObservation> observations,
                                              Money bondedStake, qint64 nowMs,
                                              const Parameters &params);

    static double performanceFromP90(qint64 p90LatencyMs, qint64 slaDeadlineMs);
    // Nearest-rank 90th percentile; `latencies` is reordered. -1 when empty.
    static qint64 p90(QList<qint64> &latencies);

private:
    static void tally(const ReputationObservation &o, const Parameters &params,
                      ReputationSnapshot &s, AccuracyScore &accuracy, QList<qint64> &latencies);
    static Result<QList<ReputationObservation>> inWindow(const QList<ReputationObservation> &all,
                                                         qint64 nowMs, qint64 windowMs);
};

} // namespace streamsync
