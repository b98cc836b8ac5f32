#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QMap>

namespace streamsync {

// One raced node in a customer's `race_report`: how the node did in the customer's races of one
// epoch. Counts are consistent: won ≤ raced, and every race with an answer (latencies are a
// sample of the verified ones) or without (sla_miss, invalid) is one of `raced`.
struct RaceEntry
{
    static constexpr qsizetype kMaxLatencies = 64;

    qint64 raced = 0;
    qint64 won = 0;
    qint64 slaMiss = 0;
    qint64 invalid = 0;
    QList<qint64> latenciesMs; // verified answers, ≤ kMaxLatencies

    QCborMap toCbor() const;
    static Result<RaceEntry> fromCbor(const QCborMap &map, const QString &where);
};

// `race_report`: one per (customer, epoch), aggregating the customer's races (DESIGN §4).
struct RaceReportBody
{
    qint64 epoch = 0;
    QMap<QByteArray, RaceEntry> nodes; // node key → entry

    QCborMap toCbor() const;
    static Result<RaceReportBody> fromCbor(const QCborMap &map);
};

// One audited node in an `audit_report`: passed ≤ audits, answered ≤ probes.
struct AuditEntry
{
    qint64 audits = 0;
    qint64 passed = 0;
    qint64 probes = 0;
    qint64 answered = 0;

    QCborMap toCbor() const;
    static Result<AuditEntry> fromCbor(const QCborMap &map, const QString &where);
};

// `audit_report`: proofs of storage and liveness probes one auditor ran in one epoch.
struct AuditReportBody
{
    qint64 epoch = 0;
    QMap<QByteArray, AuditEntry> nodes; // node key → entry

    QCborMap toCbor() const;
    static Result<AuditReportBody> fromCbor(const QCborMap &map);
};

} // namespace streamsync
