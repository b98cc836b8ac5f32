#pragma once

#include <QtGlobal>

#include <tuple>

namespace streamsync {

// One fact about a node that the log records (race reports, audit reports, liveness probes),
// as the reputation rule consumes it.
struct ReputationObservation
{
    enum class Kind : quint8 {
        Response, // answered a raced query: ok = the answer verified; latency measured
        SlaMiss,  // raced, no verified answer before the SLA deadline
        Audit,    // ok = the proof of storage passed
        Probe,    // ok = the liveness probe was answered
    };

    Kind kind = Kind::Probe;
    qint64 timeMs = 0;
    bool ok = false;
    qint64 latencyMs = 0;

    static ReputationObservation response(qint64 timeMs, qint64 latencyMs, bool verified)
    {
        return {Kind::Response, timeMs, verified, latencyMs};
    }
    static ReputationObservation slaMiss(qint64 timeMs)
    {
        return {Kind::SlaMiss, timeMs, false, 0};
    }
    static ReputationObservation audit(qint64 timeMs, bool passed)
    {
        return {Kind::Audit, timeMs, passed, 0};
    }
    static ReputationObservation probe(qint64 timeMs, bool answered)
    {
        return {Kind::Probe, timeMs, answered, 0};
    }

    // The canonical order in which observations are folded: every field, so that equal
    // multisets fold identically whatever order gossip delivered them in.
    friend bool operator<(const ReputationObservation &a, const ReputationObservation &b)
    {
        return std::tie(a.timeMs, a.kind, a.ok, a.latencyMs) <
               std::tie(b.timeMs, b.kind, b.ok, b.latencyMs);
    }
};

} // namespace streamsync
