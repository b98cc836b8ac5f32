#include "ledger/ReportObservations.h"

#include <algorithm>

namespace streamsync {

namespace {

__extension__ typedef __int128 Int128;

// `good` of `total` scaled to at most kMaxPerKind observations: (good', total').
std::pair<qint64, qint64> scaled(qint64 good, qint64 total)
{
    if (total <= ReportObservations::kMaxPerKind)
        return {good, total};
    const qint64 max = ReportObservations::kMaxPerKind;
    return {qint64(Int128(good) * max / total), max};
}

void append(QList<ReputationObservation> &out, qint64 count, const ReputationObservation &o)
{
    for (qint64 i = 0; i < count; ++i)
        out.append(o);
}

} // namespace

QList<ReputationObservation> ReportObservations::fromRace(const RaceEntry &entry, qint64 timeMs)
{
    QList<ReputationObservation> out;
    for (qint64 latency : entry.latenciesMs)
        out.append(ReputationObservation::response(timeMs, latency, true));
    append(out, std::min(entry.invalid, kMaxPerKind),
           ReputationObservation::response(timeMs, 0, false));
    append(out, std::min(entry.slaMiss, kMaxPerKind), ReputationObservation::slaMiss(timeMs));
    return out;
}

QList<ReputationObservation> ReportObservations::fromAudit(const AuditEntry &entry, qint64 timeMs)
{
    QList<ReputationObservation> out;
    const auto [passed, audits] = scaled(entry.passed, entry.audits);
    append(out, passed, ReputationObservation::audit(timeMs, true));
    append(out, audits - passed, ReputationObservation::audit(timeMs, false));
    const auto [answered, probes] = scaled(entry.answered, entry.probes);
    append(out, answered, ReputationObservation::probe(timeMs, true));
    append(out, probes - answered, ReputationObservation::probe(timeMs, false));
    return out;
}

} // namespace streamsync
