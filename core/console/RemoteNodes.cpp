#include "console/RemoteNodes.h"

#include "console/ProfileWorker.h"
#include "console/ReadyFuture.h"
#include "crypto/NodeId.h"
#include "daemon/AdminClient.h"
#include "daemon/PeerAddress.h"
#include "node/OperatorProfile.h"

#include <QPromise>

namespace streamsync::console {

using interfaces::NodeSummary;

namespace {

// A client that deletes itself once its call settled.
Result<AdminClient *> clientFor(QObject *context, const RemoteNode &node)
{
    auto peer = PeerAddress::parsePeer(node.pinned());
    if (!peer)
        return Error{peer.error()};
    auto *client = new AdminClient(peer.value(), node.token.toUtf8(), context);
    client->setTimeout(std::chrono::seconds(10));
    return client;
}

} // namespace

RemoteNodes::RemoteNodes(ProfileWorker &worker, QObject *parent) : QObject(parent), m_worker(worker)
{}

void RemoteNodes::load()
{
    auto listed = m_worker.run<QList<RemoteNode>>(
        [](OperatorProfile &p) { return RemoteNodeStore::list(p); });
    listed.then(this, [this](const Result<QList<RemoteNode>> &nodes) {
        if (!nodes)
            return;
        setNodes(nodes.value());
        refresh();
    });
}

QFuture<Result<NodeSummary>> RemoteNodes::add(const QString &name, const QString &address,
                                              const QString &token, qint64 nowMs)
{
    if (name.trimmed().isEmpty())
        return refusedFuture<NodeSummary>(QStringLiteral("give the node a name"));
    if (token.trimmed().isEmpty())
        return refusedFuture<NodeSummary>(
            QStringLiteral("give the node's admin token (the secret in its admin.token)"));
    if (!address.contains(QLatin1Char('@')))
        return refusedFuture<NodeSummary>(
            QStringLiteral("give the admin API as HOST:PORT@NODEID; `streamsync-node id --data "
                           "DIR` prints the node's id"));
    const auto peer = PeerAddress::parsePeer(address.trimmed());
    if (!peer)
        return refusedFuture<NodeSummary>(peer.error());
    const RemoteNode node{peer->nodeId.toHex(), name.trimmed(), peer->endpointText(),
                          token.trimmed(), nowMs};
    auto stored =
        probe(this, node)
            .then(this, [this, node](Result<AdminStatus> status) -> QFuture<Result<NodeSummary>> {
                if (!status)
                    return refusedFuture<NodeSummary>(
                        QStringLiteral("cannot reach the node's admin API at %1: %2")
                            .arg(node.address, status.error()));
                const AdminStatus answered = status.value();
                auto all = m_worker.run<QList<RemoteNode>>(
                    [node](OperatorProfile &p) -> Result<QList<RemoteNode>> {
                        if (auto added = RemoteNodeStore::add(p, node); !added)
                            return Error{added.error()};
                        return RemoteNodeStore::list(p);
                    });
                return all.then(this,
                                [this, node, answered](
                                    const Result<QList<RemoteNode>> &list) -> Result<NodeSummary> {
                                    if (!list)
                                        return Error{list.error()};
                                    setNodes(list.value());
                                    return remember(node.id, answered);
                                });
            });
    return stored.unwrap();
}

void RemoteNodes::setNodes(const QList<RemoteNode> &nodes)
{
    m_nodes.clear();
    for (const RemoteNode &node : nodes)
        m_nodes.insert(node.id, node);
    m_snapshot->set(summaries());
}

NodeSummary RemoteNodes::summaryOf(const RemoteNode &node) const
{
    NodeSummary s;
    s.id = node.id;
    s.shortId = NodeId::fromHex(node.id).shortText();
    s.name = node.name;
    s.remoteAddress = node.address;
    s.createdMs = node.addedMs;
    if (const auto status = m_status.constFind(node.id); status != m_status.cend()) {
        s.state = status->state;
        s.quotaBytes = status->quotaBytes;
        s.usedBytes = status->usedBytes;
        s.handoff = status->handoff;
    } else {
        s.state = LifecycleState::Stopped; // until its API answers
    }
    return s;
}

QList<NodeSummary> RemoteNodes::summaries() const
{
    QList<NodeSummary> list;
    for (const RemoteNode &node : m_nodes)
        list.append(summaryOf(node));
    std::sort(list.begin(), list.end(),
              [](const NodeSummary &a, const NodeSummary &b) { return a.createdMs < b.createdMs; });
    return list;
}

NodeSummary RemoteNodes::remember(const QString &id, const AdminStatus &status)
{
    m_status.insert(id, status);
    m_snapshot->set(summaries());
    return summaryOf(m_nodes.value(id, RemoteNode{id, status.name, {}, {}, 0}));
}

QFuture<Result<AdminStatus>> RemoteNodes::probe(QObject *context, const RemoteNode &node)
{
    auto client = clientFor(context, node);
    if (!client)
        return refusedFuture<AdminStatus>(client.error());
    AdminClient *c = client.value();
    return c->status().then(c, [c](Result<AdminStatus> status) {
        c->deleteLater();
        return status;
    });
}

QFuture<Result<NodeSummary>> RemoteNodes::changeState(const QString &id, LifecycleState target,
                                                      const QString &why)
{
    const auto node = m_nodes.constFind(id);
    if (node == m_nodes.cend())
        return refusedFuture<NodeSummary>(QStringLiteral("no remote node %1").arg(id));
    auto client = clientFor(this, node.value());
    if (!client)
        return refusedFuture<NodeSummary>(client.error());
    AdminClient *c = client.value();
    return c->changeState(target, why)
        .then(this, [this, c, id](const Result<AdminStatus> &status) -> Result<NodeSummary> {
            c->deleteLater();
            if (!status)
                return Error{status.error()};
            return remember(id, status.value());
        });
}

void RemoteNodes::refresh()
{
    for (const RemoteNode &node : std::as_const(m_nodes)) {
        const QString id = node.id;
        probe(this, node).then(this, [this, id](const Result<AdminStatus> &status) {
            if (!status || !m_nodes.contains(id))
                return;
            const bool moved =
                !m_status.contains(id) || m_status.value(id).state != status->state ||
                m_status.value(id).usedBytes != status->usedBytes ||
                m_status.value(id).handoff.has_value() != status->handoff.has_value() ||
                (status->handoff &&
                 m_status.value(id).handoff->updatedMs != status->handoff->updatedMs);
            const NodeSummary summary = remember(id, status.value());
            if (moved)
                Q_EMIT changed(summary);
        });
    }
}

} // namespace streamsync::console
