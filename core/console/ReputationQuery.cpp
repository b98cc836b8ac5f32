#include "console/ReputationQuery.h"

#include "console/ProjectionReader.h"
#include "ledger/ReportBodies.h"
#include "log/Event.h"

namespace streamsync::console {

using interfaces::ReputationCause;
using interfaces::ReputationPoint;
using interfaces::ReputationSeries;

namespace {

const QString kColumns = QStringLiteral(
    "epoch, at_ms, performance_ppm, accuracy_ppm, uptime_ppm, stake_term_ppm, suspended");

double fromPpm(const QVariant &value)
{
    return double(value.toLongLong()) / 1e6;
}

ReputationPoint pointFrom(const QSqlQuery &row, const Parameters &params)
{
    ReputationPoint p;
    p.epoch = row.value(0).toLongLong();
    p.timeMs = row.value(1).toLongLong();
    p.performance = fromPpm(row.value(2));
    p.accuracy = fromPpm(row.value(3));
    p.uptime = fromPpm(row.value(4));
    p.stakeTerm = fromPpm(row.value(5));
    p.suspended = row.value(6).toLongLong() != 0;
    p.quality = (double(params.weightPerformancePermille) * p.performance +
                 double(params.weightAccuracyPermille) * p.accuracy +
                 double(params.weightUptimePermille) * p.uptime +
                 double(params.weightStakePermille) * p.stakeTerm) /
                1000.0;
    return p;
}

QString raceSummary(const RaceEntry &e)
{
    return QStringLiteral("raced %1, won %2, %3 SLA miss(es), %4 invalid")
        .arg(e.raced)
        .arg(e.won)
        .arg(e.slaMiss)
        .arg(e.invalid);
}

QString auditSummary(const AuditEntry &e)
{
    return QStringLiteral("audits %1 passed of %2, probes %3 answered of %4")
        .arg(e.passed)
        .arg(e.audits)
        .arg(e.answered)
        .arg(e.probes);
}

// The node's entry in one report event, summarised; empty when the report does not name it.
QString causeOf(const Event &event, const QByteArray &key)
{
    if (event.kind() == EventKind::RaceReport) {
        const auto body = RaceReportBody::fromCbor(event.body());
        if (body && body->nodes.contains(key))
            return QStringLiteral("epoch %1: ").arg(body->epoch) + raceSummary(body->nodes[key]);
    } else if (event.kind() == EventKind::AuditReport) {
        const auto body = AuditReportBody::fromCbor(event.body());
        if (body && body->nodes.contains(key))
            return QStringLiteral("epoch %1: ").arg(body->epoch) + auditSummary(body->nodes[key]);
    }
    return {};
}

Result<QList<ReputationCause>> causes(ProjectionReader &reader, const QByteArray &key,
                                      interfaces::TimeRange range)
{
    auto rows = reader.db().query(
        // Only what the ledger took: a refused report (a second one for the same epoch, say)
        // moved nothing.
        QStringLiteral("SELECT bytes FROM events WHERE kind IN ('race_report', 'audit_report') "
                       "AND hash NOT IN (SELECT event_hash FROM ledger_refusals) "
                       "ORDER BY time_ms DESC LIMIT 2000"));
    if (!rows)
        return Error{rows.error()};
    QList<ReputationCause> list;
    while (rows.value().next()) {
        const auto event = Event::decode(rows->value(0).toByteArray(), 1 << 20);
        if (!event || !ProjectionReader::inRange(qint64(event->timeMs()), range))
            continue;
        const QString summary = causeOf(event.value(), key);
        if (!summary.isEmpty())
            list.prepend({qint64(event->timeMs()), event->kindName(), summary,
                          QString::fromLatin1(event->hash().toHex())});
    }
    return list;
}

} // namespace

Result<ReputationSeries> ReputationQuery::run(ProjectionReader &reader, const QString &nodeId,
                                              interfaces::TimeRange range)
{
    const auto key = reader.keyOf(nodeId);
    if (!key)
        return Error{key.error()};
    auto rows = reader.db().query(QStringLiteral("SELECT ") + kColumns +
                                      QStringLiteral(" FROM ledger_reputation WHERE node = ? "
                                                     "ORDER BY epoch"),
                                  {key.value()});
    if (!rows)
        return Error{rows.error()};
    ReputationSeries series;
    series.nodeId = nodeId;
    series.suspensionThreshold = double(reader.params().suspensionAccuracyPermille) / 1000.0;
    while (rows.value().next()) {
        const ReputationPoint point = pointFrom(rows.value(), reader.params());
        if (ProjectionReader::inRange(point.timeMs, range))
            series.points.append(point);
    }
    auto moved = causes(reader, key.value(), range);
    if (!moved)
        return Error{moved.error()};
    series.causes = moved.value();
    return series;
}

Result<ReputationPoint> ReputationQuery::latest(ProjectionReader &reader, const QByteArray &key)
{
    auto rows = reader.db().query(QStringLiteral("SELECT ") + kColumns +
                                      QStringLiteral(" FROM ledger_reputation WHERE node = ? "
                                                     "ORDER BY epoch DESC LIMIT 1"),
                                  {key});
    if (!rows)
        return Error{rows.error()};
    if (rows.value().next())
        return pointFrom(rows.value(), reader.params());
    ReputationPoint prior;
    prior.performance = prior.accuracy = prior.uptime = 0.5;
    prior.timeMs = reader.nowMs();
    return prior;
}

} // namespace streamsync::console
