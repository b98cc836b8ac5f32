#pragma once

#include "ledger/ReportBodies.h"
#include "market/ReputationObservation.h"

#include <QList>

namespace streamsync {

// Turns one report entry into reputation observations at the report's time (docs/market.md
// "Race and audit reports"). A report is an aggregate, so its counts can be large; to bound the
// work and memory one event can cause, an entry yields at most kMaxPerKind observations of each
// kind:
// - races: each latency is a verified response (≤ 64 by the body), each `invalid` a failed
//   response and each `sla_miss` an SLA miss, each of these two counts capped at 64. With the
//   accuracy score's forgetting (λ = 0.95) the 64th-latest of a run weighs 0.95^64 ≈ 4% and the
//   rest less, so the cap changes little.
// - audits and probes: only their ratio matters, so above 64 they are scaled down to 64 keeping
//   the ratio (passed·64/audits rounded down are passes, the rest failures; likewise probes).
class ReportObservations
{
public:
    static constexpr qint64 kMaxPerKind = 64;

    static QList<ReputationObservation> fromRace(const RaceEntry &entry, qint64 timeMs);
    static QList<ReputationObservation> fromAudit(const AuditEntry &entry, qint64 timeMs);
};

} // namespace streamsync
