#pragma once

#include <QtGlobal>

namespace streamsync {

// A node's reputation at one moment, computed by Reputation from the observations in the window.
// The four terms are those of the selection quality (DESIGN §3), each in [0, 1].
struct ReputationSnapshot
{
    double performance = 0.5;
    double accuracy = 0.5;
    double uptime = 0.5;
    double stakeTerm = 0.0;

    qint64 p90LatencyMs = -1; // -1: no race in the window
    qint64 accuracyPermille = 500;
    qint64 raceSamples = 0;
    qint64 accuracySamples = 0;
    qint64 probes = 0;
    qint64 probesAnswered = 0;
    bool suspended = false;

    friend bool operator==(const ReputationSnapshot &a, const ReputationSnapshot &b)
    {
        return a.performance == b.performance && a.accuracy == b.accuracy && a.uptime == b.uptime &&
               a.stakeTerm == b.stakeTerm && a.p90LatencyMs == b.p90LatencyMs &&
               a.accuracyPermille == b.accuracyPermille && a.raceSamples == b.raceSamples &&
               a.accuracySamples == b.accuracySamples && a.probes == b.probes &&
               a.probesAnswered == b.probesAnswered && a.suspended == b.suspended;
    }
    friend bool operator!=(const ReputationSnapshot &a, const ReputationSnapshot &b)
    {
        return !(a == b);
    }
};

} // namespace streamsync
