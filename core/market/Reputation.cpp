#include "market/Reputation.h"

#include "market/AccuracyScore.h"
#include "market/Weighting.h"

#include <algorithm>

namespace streamsync {

namespace {

// The latency a race contributes: the measured one if the answer verified, else the deadline.
qint64 raceLatency(const ReputationObservation &o, qint64 deadlineMs)
{
    const bool answered = o.kind == ReputationObservation::Kind::Response && o.ok;
    return answered ? std::min(o.latencyMs, deadlineMs) : deadlineMs;
}

} // namespace

double Reputation::performanceFromP90(qint64 p90LatencyMs, qint64 slaDeadlineMs)
{
    const qint64 clamped = std::clamp<qint64>(p90LatencyMs, 0, slaDeadlineMs);
    return 1.0 - double(clamped) / double(slaDeadlineMs);
}

qint64 Reputation::p90(QList<qint64> &latencies)
{
    if (latencies.isEmpty())
        return -1;
    const qsizetype rank = (9 * latencies.size() + 9) / 10; // ⌈0.9·n⌉, 1-based
    const auto nth = latencies.begin() + (rank - 1);
    std::nth_element(latencies.begin(), nth, latencies.end());
    return *nth;
}

Result<QList<ReputationObservation>> Reputation::inWindow(const QList<ReputationObservation> &all,
                                                          qint64 nowMs, qint64 windowMs)
{
    QList<ReputationObservation> kept;
    kept.reserve(all.size());
    for (const ReputationObservation &o : all) {
        if (o.latencyMs < 0)
            return fail(QStringLiteral("an observation at %1 has a negative latency (%2 ms)")
                            .arg(o.timeMs)
                            .arg(o.latencyMs));
        if (o.timeMs > nowMs - windowMs && o.timeMs <= nowMs)
            kept.append(o);
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

Result<ReputationSnapshot> Reputation::compute(QList<ReputationObservation> observations,
                                               Money bondedStake, qint64 nowMs,
                                               const Parameters &params)
{
    if (bondedStake.isNegative())
        return fail(
            QStringLiteral("bonded stake cannot be negative (%1)").arg(bondedStake.toString()));
    const auto window = inWindow(observations, nowMs, params.reputationWindowMs);
    if (!window)
        return fail(window.error());

    ReputationSnapshot s;
    AccuracyScore accuracy;
    QList<qint64> latencies;
    for (const ReputationObservation &o : window.value())
        tally(o, params, s, accuracy, latencies);
    s.raceSamples = latencies.size();
    s.p90LatencyMs = p90(latencies);
    if (s.p90LatencyMs >= 0)
        s.performance = performanceFromP90(s.p90LatencyMs, params.slaDeadlineMs);
    if (s.probes > 0)
        s.uptime = double(s.probesAnswered) / double(s.probes);
    s.accuracy = accuracy.score();
    s.accuracyPermille = accuracy.permille();
    s.suspended =
        s.accuracySamples > 0 && accuracy.isBelowPermille(params.suspensionAccuracyPermille);
    s.stakeTerm = Weighting::stakeTerm(bondedStake, params);
    return s;
}

void Reputation::tally(const ReputationObservation &o, const Parameters &params,
                       ReputationSnapshot &s, AccuracyScore &accuracy, QList<qint64> &latencies)
{
    using Kind = ReputationObservation::Kind;
    if (o.kind == Kind::Response || o.kind == Kind::Audit) {
        accuracy.observe(o.ok, params.accuracyForgettingPermille);
        ++s.accuracySamples;
    }
    if (o.kind == Kind::Response || o.kind == Kind::SlaMiss)
        latencies.append(raceLatency(o, params.slaDeadlineMs));
    if (o.kind == Kind::Probe) {
        ++s.probes;
        s.probesAnswered += o.ok ? 1 : 0;
    }
}

} // namespace streamsync
