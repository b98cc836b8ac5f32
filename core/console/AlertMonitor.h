#pragma once

#include "interfaces/MarketData.h"
#include "node/LifecycleState.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace streamsync {
class OperatorProfile;
}

namespace streamsync::console {

class ProjectionReader;

// What the console should tell the operator about (DESIGN §9 "alerts"), checked on every poll
// of the worker: a node failed; its SLA misses rose (the newest reported epoch has more than the
// one before); its accuracy came within 5 points of the suspension threshold; its disk use passed
// 90% of the quota; it was slashed. Each occurrence is raised once: a condition that holds is
// not repeated, and is raised again only after it cleared and came back (a slash or an epoch's
// misses are occurrences of their own). Used on the worker thread only.
class AlertMonitor
{
public:
    // One of the operator's nodes as the checks see it.
    struct NodeHealth
    {
        QString id;
        QString name;
        LifecycleState state = LifecycleState::Stopped;
        QString why; // the reason of the last transition
        qint64 usedBytes = 0;
        qint64 quotaBytes = 0;
        std::optional<double> accuracy; // newest score, once the ledger has one
        QMap<qint64, qint64> slaMisses; // reported epoch → misses
        QStringList slashes;            // hashes of the events that proved them
    };

    // Reads the operator's nodes from the profile and, when a view node is open, what the
    // ledger says of them.
    static QList<NodeHealth> collect(OperatorProfile &profile, ProjectionReader *reader);

    // The alerts that are new since the last call.
    QList<interfaces::Alert> check(const QList<NodeHealth> &nodes, double suspensionThreshold,
                                   qint64 nowMs);

private:
    // Raised while the condition holds: key → true. Cleared when it no longer does.
    bool raiseOnce(const QString &key, bool holds);

    QSet<QString> m_active;
    QSet<QString> m_seen; // occurrences that never clear (an epoch's misses, a slash)
};

} // namespace streamsync::console
