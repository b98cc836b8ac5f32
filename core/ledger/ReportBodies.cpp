#include "ledger/ReportBodies.h"

#include "ledger/BodyFields.h"

#include <QCborArray>

namespace streamsync {

namespace {

__extension__ typedef __int128 Int128;

// The {node key → entry} map of a report, each entry parsed by `parse` with its own path in
// messages, e.g. "race_report: nodes[1a2b3c4d]: won must be ...".
template <typename Entry, typename Parse>
Result<QMap<QByteArray, Entry>> entries(const BodyFields &f, Parse parse)
{
    QCborMap nodes;
    LEDGER_TAKE(nodes, f.map("nodes"));
    QMap<QByteArray, Entry> out;
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const auto key = BodyFields::bytesValue(it.key(), f.where(), QStringLiteral("nodes key"),
                                                BodyFields::kKeySize);
        if (!key)
            return Error{key.error()};
        const QString where =
            QStringLiteral("%1: nodes[%2]").arg(f.where(), BodyFields::shortKey(*key));
        if (!it.value().isMap())
            return fail(QStringLiteral("%1 must be a map").arg(where));
        const auto entry = parse(it.value().toMap(), where);
        if (!entry)
            return Error{entry.error()};
        out.insert(*key, *entry);
    }
    return out;
}

template <typename Entry> QCborMap entriesToCbor(const QMap<QByteArray, Entry> &nodes)
{
    QCborMap map;
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        map.insert(QCborValue(it.key()), it.value().toCbor());
    return map;
}

} // namespace

QCborMap RaceEntry::toCbor() const
{
    QCborArray latencies;
    for (qint64 ms : latenciesMs)
        latencies.append(ms);
    return QCborMap{{QStringLiteral("raced"), raced},
                    {QStringLiteral("won"), won},
                    {QStringLiteral("sla_miss"), slaMiss},
                    {QStringLiteral("invalid"), invalid},
                    {QStringLiteral("latencies"), latencies}};
}

Result<RaceEntry> RaceEntry::fromCbor(const QCborMap &map, const QString &where)
{
    const BodyFields f(map, where);
    RaceEntry e;
    LEDGER_TAKE(e.raced, f.uint("raced"));
    LEDGER_TAKE(e.won, f.uint("won"));
    LEDGER_TAKE(e.slaMiss, f.uint("sla_miss"));
    LEDGER_TAKE(e.invalid, f.uint("invalid"));
    QCborArray latencies;
    LEDGER_TAKE(latencies, f.array("latencies", kMaxLatencies));
    for (qsizetype i = 0; i < latencies.size(); ++i) {
        qint64 ms = 0;
        LEDGER_TAKE(ms, BodyFields::uintValue(latencies.at(i), where,
                                              QStringLiteral("latencies[%1]").arg(i)));
        e.latenciesMs.append(ms);
    }
    if (e.won > e.raced)
        return f.error(QStringLiteral("won %1 of only %2 raced").arg(e.won).arg(e.raced));
    // Summed in 128 bits: each count alone may be near 2^63.
    if (Int128(e.latenciesMs.size()) + e.slaMiss + e.invalid > e.raced)
        return f.error(QStringLiteral("%1 latencies + %2 sla_miss + %3 invalid exceed %4 raced")
                           .arg(e.latenciesMs.size())
                           .arg(e.slaMiss)
                           .arg(e.invalid)
                           .arg(e.raced));
    return e;
}

QCborMap RaceReportBody::toCbor() const
{
    return QCborMap{{QStringLiteral("epoch"), epoch},
                    {QStringLiteral("nodes"), entriesToCbor(nodes)}};
}

Result<RaceReportBody> RaceReportBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, QStringLiteral("race_report"));
    RaceReportBody b;
    LEDGER_TAKE(b.epoch, f.uint("epoch"));
    LEDGER_TAKE(b.nodes, entries<RaceEntry>(f, RaceEntry::fromCbor));
    return b;
}

QCborMap AuditEntry::toCbor() const
{
    return QCborMap{{QStringLiteral("audits"), audits},
                    {QStringLiteral("passed"), passed},
                    {QStringLiteral("probes"), probes},
                    {QStringLiteral("answered"), answered}};
}

Result<AuditEntry> AuditEntry::fromCbor(const QCborMap &map, const QString &where)
{
    const BodyFields f(map, where);
    AuditEntry e;
    LEDGER_TAKE(e.audits, f.uint("audits"));
    LEDGER_TAKE(e.passed, f.uint("passed"));
    LEDGER_TAKE(e.probes, f.uint("probes"));
    LEDGER_TAKE(e.answered, f.uint("answered"));
    if (e.passed > e.audits)
        return f.error(QStringLiteral("passed %1 of only %2 audits").arg(e.passed).arg(e.audits));
    if (e.answered > e.probes)
        return f.error(
            QStringLiteral("answered %1 of only %2 probes").arg(e.answered).arg(e.probes));
    return e;
}

QCborMap AuditReportBody::toCbor() const
{
    return QCborMap{{QStringLiteral("epoch"), epoch},
                    {QStringLiteral("nodes"), entriesToCbor(nodes)}};
}

Result<AuditReportBody> AuditReportBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, QStringLiteral("audit_report"));
    AuditReportBody b;
    LEDGER_TAKE(b.epoch, f.uint("epoch"));
    LEDGER_TAKE(b.nodes, entries<AuditEntry>(f, AuditEntry::fromCbor));
    return b;
}

} // namespace streamsync
