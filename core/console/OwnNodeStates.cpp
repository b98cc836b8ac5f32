#include "console/OwnNodeStates.h"

#include "console/ReadOnlyDb.h"
#include "node/NodeHome.h"
#include "node/OperatorProfile.h"

#include <QFile>
#include <QSqlQuery>

namespace streamsync::console {

using interfaces::NodeSummary;

namespace {

// What the node's own database says of it.
struct SelfRow
{
    QString state;
    qint64 usedBytes = 0;
    std::optional<HandoffProgress> handoff;
};

std::optional<HandoffProgress> handoffRow(ReadOnlyDb &db)
{
    // A database from before schema v5 has no such table: no drain ever ran there.
    auto row = db.query(HandoffProgress::selectSql());
    if (!row || !row.value().next())
        return std::nullopt;
    return HandoffProgress::fromRow(row.value());
}

// The node's own row in its database; empty when there is none yet.
std::optional<SelfRow> selfRow(const NodeSummary &node)
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
    SelfRow self{row->value(0).toString(), row->value(1).toLongLong(), std::nullopt};
    if (self.state == toString(LifecycleState::Draining) ||
        self.state == toString(LifecycleState::Exited) || node.state == LifecycleState::Draining)
        self.handoff = handoffRow(db);
    return self;
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
    return self ? self->usedBytes : node.usedBytes;
}

QList<NodeSummary> OwnNodeStates::withUsage(QList<NodeSummary> nodes)
{
    for (NodeSummary &node : nodes) {
        if (const auto self = selfRow(node)) {
            node.usedBytes = self->usedBytes;
            node.handoff = self->handoff;
        }
    }
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
        if (!self || self->state != toString(LifecycleState::Suspended))
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

QList<NodeSummary> OwnNodeStates::syncDrains(OperatorProfile &profile)
{
    QList<NodeSummary> changed;
    const auto nodes = profile.nodes();
    if (!nodes || !profile.isUnlocked())
        return changed;
    for (const NodeSummary &node : nodes.value()) {
        if (node.state != LifecycleState::Draining)
            continue;
        const auto self = selfRow(node);
        const bool left = self && (self->state == toString(LifecycleState::Exited) ||
                                   (self->handoff && self->handoff->complete));
        if (!left)
            continue;
        const QString why =
            self->handoff ? self->handoff->note : QStringLiteral("no stored data left to hand off");
        const auto exited = profile.nodeReport(node.id, LifecycleState::Exited, why, Actor::Node);
        if (exited)
            changed.append(exited.value());
    }
    return changed;
}

} // namespace streamsync::console
