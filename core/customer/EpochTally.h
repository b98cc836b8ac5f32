#pragma once

#include "ledger/ReportBodies.h"
#include "market/SeededRandom.h"
#include "money/Money.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <functional>

namespace streamsync {

// What the customer saw in one epoch, per node (keyed by the node's public key): the races for
// its `race_report` and the audits and probes for its `audit_report` (docs/market.md), and the
// totals of the one-line summary `customer load` prints. Per race a node gets at most one mark,
// so the report's counts stay consistent (latencies + sla_miss + invalid ≤ raced): a verified
// answer (its latency, sampled), an invalid one, or, when nobody's answer verified in time, an
// SLA miss. Latencies are a uniform sample (reservoir) of at most 64 per node.
class EpochTally
{
public:
    enum class Mark { None, Verified, Invalid, SlaMiss };

    EpochTally(qint64 epoch, quint64 seed);

    qint64 epoch() const { return m_epoch; }
    void raced(const QByteArray &node, Mark mark, qint64 latencyMs, bool won);
    void audited(const QByteArray &node, bool passed);
    void probed(const QByteArray &node, bool answered);
    // One query of the epoch: sent, or not sent and why not.
    void query(bool won, Money paid);
    void notSent() { ++m_notSent; }

    // Adds what an earlier run of the customer saw in this epoch (its held reports), so the
    // epoch still gets one report with everything. Its latencies join the sample as if they
    // had been seen here (the sample stays at most 64 and about uniform).
    void absorb(const RaceReportBody &races, const AuditReportBody &audits);

    bool hasRaces() const { return !m_races.isEmpty(); }
    bool hasAudits() const { return !m_audits.isEmpty(); }
    RaceReportBody raceReport() const;
    AuditReportBody auditReport() const;
    // "epoch 12: queries 600 (2 not sent), won aurora 120 basalt 80, sla_miss 3, invalid 0,
    //  spent 1800000 µcr"; `label` names a node key for people.
    QString summary(const std::function<QString(const QByteArray &)> &label) const;

private:
    void sampleLatency(const QByteArray &node, RaceEntry &entry, qint64 latencyMs);

    qint64 m_epoch;
    SeededRandom m_random;
    QMap<QByteArray, RaceEntry> m_races;
    QMap<QByteArray, qint64> m_verifiedSeen; // for the reservoir
    QMap<QByteArray, AuditEntry> m_audits;
    qint64 m_queries = 0;
    qint64 m_lost = 0;
    qint64 m_notSent = 0;
    qint64 m_invalid = 0;
    Money m_spent;
};

} // namespace streamsync
