#include "console/OwnNodeStates.h"

#include "console/ReadOnlyDb.h"
#include "node/NodeHome.h"
#include "node/OperatorProfile.h"

#include <QFile>

namespace streamsync::console {

using interfaces::NodeSummary;

namespace {

// The node's own row in its database: (state, used bytes); empty when there is none yet.
std::optional<std::pair<QString, qint64>> selfRow(const NodeSummary &node)
{
    if (node.folder.isEmpty())
        return std::nullopt;
    const QString path = NodeHome::databasePath(node.folder);
    if (!QFile::exists(path))
        return std::nullopt;
    ReadOnlyDb db;
    if (!db.use(path))
        return std::nullopt;
    auto row =
        db.query(QStringLiteral("SELECT state, used_bytes FROM nodes WHERE id = ?"), {node.id});
    if (!row || !row.value().next())
        return std::nullopt;
    return std::make_pair(row->value(0).toString(), row->value(1).toLongLong());
}

bool runs(LifecycleState state)
{
    return state == LifecycleState::Starting || state == LifecycleState::Online ||
           state == LifecycleState::Paused;
}

} // namespace

qint64 OwnNodeStates::usedBytes(const NodeSummary &node)
{
    const auto self = selfRow(node);
    return self ? self->second : node.usedBytes;
}

QList<NodeSummary> OwnNodeStates::withUsage(QList<NodeSummary> nodes)
{
    for (NodeSummary &node : nodes)
        node.usedBytes = usedBytes(node);
    return nodes;
}

QList<NodeSummary> OwnNodeStates::syncSuspensions(OperatorProfile &profile)
{
    QList<NodeSummary> changed;
    const auto nodes = profile.nodes();
    if (!nodes || !profile.isUnlocked())
        return changed;
    for (const NodeSummary &node : nodes.value()) {
        if (!runs(node.state))
            continue;
        const auto self = selfRow(node);
        if (!self || self->first != toString(LifecycleState::Suspended))
            continue;
        const auto suspended =
            profile.nodeReport(node.id, LifecycleState::Suspended,
                               QStringLiteral("the network suspended the node: its accuracy fell "
                                              "under the threshold"),
                               Actor::Protocol);
        if (suspended)
            changed.append(suspended.value());
    }
    return changed;
}

} // namespace streamsync::console
