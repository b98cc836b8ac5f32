#include "console/AlertMonitor.h"

#include "console/OwnNodeStates.h"
#include "console/ProjectionReader.h"
#include "console/ReputationQuery.h"
#include "ledger/ReportBodies.h"
#include "log/Event.h"
#include "node/OperatorProfile.h"

namespace streamsync::console {

using interfaces::Alert;

namespace {

// Reported epoch → SLA misses, for every key, from the newest race reports.
QHash<QByteArray, QMap<qint64, qint64>> slaMisses(ProjectionReader &reader)
{
    QHash<QByteArray, QMap<qint64, qint64>> misses;
    auto rows = reader.db().query(QStringLiteral(
        "SELECT bytes FROM events WHERE kind = 'race_report' AND hash NOT IN (SELECT "
        "event_hash FROM ledger_refusals) ORDER BY time_ms DESC LIMIT 500")); // accepted only
    if (!rows)
        return misses;
    while (rows.value().next()) {
        const auto event = Event::decode(rows->value(0).toByteArray(), 1 << 20);
        const auto body = event ? RaceReportBody::fromCbor(event->body())
                                : Result<RaceReportBody>(Error{event.error()});
        if (!body)
            continue;
        for (auto it = body->nodes.cbegin(); it != body->nodes.cend(); ++it)
            misses[it.key()][body->epoch] += it.value().slaMiss;
    }
    return misses;
}

void readLedger(ProjectionReader &reader, const QByteArray &key,
                const QHash<QByteArray, QMap<qint64, qint64>> &misses,
                AlertMonitor::NodeHealth &health)
{
    const auto score = reader.db().scalar(
        QStringLiteral("SELECT accuracy_ppm FROM ledger_reputation WHERE node = ? AND "
                       "accuracy_samples > 0 ORDER BY epoch DESC LIMIT 1"),
        {key});
    if (score && !score->isNull())
        health.accuracy = double(score->toLongLong()) / 1e6;
    health.slaMisses = misses.value(key);
    auto slashes = reader.db().query(
        QStringLiteral("SELECT event_hash FROM ledger_slashes WHERE node = ?"), {key});
    while (slashes && slashes.value().next())
        health.slashes.append(QString::fromLatin1(slashes->value(0).toByteArray().toHex()));
}

Alert alert(Alert::Severity severity, const AlertMonitor::NodeHealth &node, const char *kind,
            const QString &text, qint64 nowMs)
{
    return Alert{severity, node.id, QLatin1String(kind), text, nowMs};
}

} // namespace

QList<AlertMonitor::NodeHealth> AlertMonitor::collect(OperatorProfile &profile,
                                                      ProjectionReader *reader)
{
    QList<NodeHealth> list;
    const auto nodes = profile.nodes();
    if (!nodes)
        return list;
    const auto misses = reader ? slaMisses(*reader) : QHash<QByteArray, QMap<qint64, qint64>>();
    for (const interfaces::NodeSummary &node : nodes.value()) {
        NodeHealth health;
        health.id = node.id;
        health.name = node.name;
        health.state = node.state;
        health.quotaBytes = node.quotaBytes;
        health.usedBytes = OwnNodeStates::usedBytes(node);
        if (node.state == LifecycleState::Failed) {
            const auto history = profile.history(node.id);
            if (history && !history->isEmpty())
                health.why = history->last().why;
        }
        if (reader) {
            if (const auto launch = profile.launch(node.id); launch)
                readLedger(*reader, launch->node.publicKey, misses, health);
        }
        list.append(health);
    }
    return list;
}

bool AlertMonitor::raiseOnce(const QString &key, bool holds)
{
    if (!holds) {
        m_active.remove(key);
        return false;
    }
    if (m_active.contains(key))
        return false;
    m_active.insert(key);
    return true;
}

QList<Alert> AlertMonitor::check(const QList<NodeHealth> &nodes, double suspensionThreshold,
                                 qint64 nowMs)
{
    QList<Alert> alerts;
    for (const NodeHealth &n : nodes) {
        if (raiseOnce(n.id + QStringLiteral("/failed"), n.state == LifecycleState::Failed))
            alerts.append(alert(Alert::Severity::Critical, n, "failed",
                                QStringLiteral("Node %1 failed: %2").arg(n.name, n.why), nowMs));
        if (n.slaMisses.size() >= 2) {
            const auto newest = std::prev(n.slaMisses.cend());
            const auto before = std::prev(newest);
            const QString key = n.id + QStringLiteral("/sla/%1").arg(newest.key());
            if (newest.value() > before.value() && !m_seen.contains(key)) {
                m_seen.insert(key);
                alerts.append(alert(Alert::Severity::Warning, n, "sla_misses",
                                    QStringLiteral("Node %1 missed the SLA %2 times in epoch %3, "
                                                   "up from %4 in epoch %5")
                                        .arg(n.name)
                                        .arg(newest.value())
                                        .arg(newest.key())
                                        .arg(before.value())
                                        .arg(before.key()),
                                    nowMs));
            }
        }
        const bool nearSuspension = n.accuracy && *n.accuracy < suspensionThreshold + 0.05;
        if (raiseOnce(n.id + QStringLiteral("/accuracy"), nearSuspension))
            alerts.append(alert(Alert::Severity::Warning, n, "accuracy",
                                QStringLiteral("Node %1's accuracy is %2%, within 5 points of "
                                               "the suspension threshold of %3%")
                                    .arg(n.name)
                                    .arg(*n.accuracy * 100, 0, 'f', 1)
                                    .arg(suspensionThreshold * 100, 0, 'f', 1),
                                nowMs));
        const bool diskFull = n.quotaBytes > 0 && n.usedBytes * 10 > n.quotaBytes * 9;
        if (raiseOnce(n.id + QStringLiteral("/disk"), diskFull))
            alerts.append(
                alert(Alert::Severity::Warning, n, "disk",
                      QStringLiteral("Node %1 uses %2% of its quota")
                          .arg(n.name)
                          .arg(100.0 * double(n.usedBytes) / double(n.quotaBytes), 0, 'f', 0),
                      nowMs));
        for (const QString &slash : n.slashes) {
            const QString key = n.id + QStringLiteral("/slash/") + slash;
            if (m_seen.contains(key))
                continue;
            m_seen.insert(key);
            alerts.append(
                alert(Alert::Severity::Critical, n, "slashed",
                      QStringLiteral("Node %1 was slashed (proof %2)").arg(n.name, slash.left(16)),
                      nowMs));
        }
    }
    return alerts;
}

} // namespace streamsync::console
