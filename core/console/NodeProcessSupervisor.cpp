#include "console/NodeProcessSupervisor.h"

#include "console/ReadyFuture.h"
#include "daemon/AdminCall.h"
#include "daemon/AdminClient.h"
#include "daemon/PeerAddress.h"

#include <QDeadlineTimer>
#include <QTimer>

namespace streamsync::console {

namespace {

Result<PeerAddress> adminPeer(const NodeProcess &process, const QString &nodeId)
{
    if (!process.isRunning() || process.adminAddress().isEmpty())
        return fail(QStringLiteral("the node is not running"));
    return PeerAddress::parsePeer(process.adminAddress() + QLatin1Char('@') + nodeId);
}

} // namespace

NodeProcessSupervisor::NodeProcessSupervisor(QObject *parent) : QObject(parent) {}

NodeProcessSupervisor::~NodeProcessSupervisor()
{
    stopAll();
}

QFuture<Result<QString>> NodeProcessSupervisor::launch(const Spec &spec)
{
    auto &child = m_nodes[spec.nodeId];
    if (child && child->process->isRunning() && !child->process->isStopping())
        return refusedFuture<QString>(QStringLiteral("the node is already running"));
    if (!child)
        child = std::make_shared<Child>();
    if (child->starting) // a stop in progress, or a start that never settled
        settleStart(*child, fail(QStringLiteral("the start was superseded")));
    child->adminToken = spec.adminToken;
    child->launchedAt = ++m_launches;
    child->starting = std::make_shared<QPromise<Result<QString>>>();
    child->starting->start();
    auto future = child->starting->future();
    child->process = std::make_unique<NodeProcess>();
    const QString id = spec.nodeId;
    NodeProcess *process = child->process.get();
    connect(process, &NodeProcess::listening, this,
            [this, id](const QString &address) { onListening(id, address); });
    connect(process, &NodeProcess::exited, this,
            [this, id](bool requested, const QString &reason) { onExited(id, requested, reason); });
    QTimer::singleShot(m_startTimeout, process, [this, process] {
        if (!process->isRunning() || !process->listenAddress().isEmpty())
            return;
        process->stop(m_grace);
    });
    process->start(spec.launch);
    return future;
}

void NodeProcessSupervisor::settleStart(Child &child, const Result<QString> &result)
{
    if (!child.starting)
        return;
    child.starting->addResult(result);
    child.starting->finish();
    child.starting.reset();
}

void NodeProcessSupervisor::onListening(const QString &nodeId, const QString &address)
{
    if (const auto child = m_nodes.value(nodeId))
        settleStart(*child, address);
}

void NodeProcessSupervisor::onExited(const QString &nodeId, bool requested, const QString &reason)
{
    const auto child = m_nodes.value(nodeId);
    if (!child)
        return;
    const bool wasStarting = bool(child->starting);
    settleStart(*child, fail(requested && wasStarting
                                 ? QStringLiteral("the node did not start in time; ") + reason
                                 : reason));
    for (const auto &promise : std::exchange(child->stopping, {}))
        promise->finish();
    if (!requested && !wasStarting)
        Q_EMIT crashed(nodeId, reason);
}

QFuture<void> NodeProcessSupervisor::stop(const QString &nodeId)
{
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    const auto child = m_nodes.value(nodeId);
    if (!child || !child->process->isRunning()) {
        promise->finish();
        return promise->future();
    }
    child->stopping.append(promise);
    child->process->stop(m_grace);
    return promise->future();
}

void NodeProcessSupervisor::stopAll()
{
    for (const auto &child : std::as_const(m_nodes)) {
        child->process->disconnect(this);
        child->process->stop(m_grace);
    }
    // Shutdown only: the console is going away, so waiting here blocks no one who is left.
    QDeadlineTimer deadline(m_grace);
    for (const auto &child : std::as_const(m_nodes))
        child->process->waitForExit(std::chrono::milliseconds(deadline.remainingTime()));
    for (const auto &child : std::as_const(m_nodes)) {
        // A start still waiting is canceled, not failed: a shutdown is no node's failure, and a
        // canceled future runs none of its continuations.
        if (child->starting) {
            child->starting->future().cancel();
            child->starting->finish();
            child->starting.reset();
        }
        for (const auto &promise : std::exchange(child->stopping, {}))
            promise->finish();
        child->process.reset(); // kills what is left and reaps it
    }
    m_nodes.clear();
}

bool NodeProcessSupervisor::isRunning(const QString &nodeId) const
{
    const auto child = m_nodes.value(nodeId);
    return child && child->process && child->process->isRunning();
}

qint64 NodeProcessSupervisor::pid(const QString &nodeId) const
{
    return isRunning(nodeId) ? m_nodes.value(nodeId)->process->pid() : 0;
}

QString NodeProcessSupervisor::listenAddress(const QString &nodeId) const
{
    return isRunning(nodeId) ? m_nodes.value(nodeId)->process->listenAddress() : QString();
}

QStringList NodeProcessSupervisor::runningNodes() const
{
    QList<QPair<qint64, QString>> order;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        if (!listenAddress(it.key()).isEmpty() && !it.value()->process->isStopping())
            order.append({it.value()->launchedAt, it.key()});
    }
    std::sort(order.begin(), order.end());
    QStringList ids;
    for (const auto &entry : order)
        ids.append(entry.second);
    return ids;
}

QFuture<Result<AdminStatus>>
NodeProcessSupervisor::tellState(const QString &nodeId, LifecycleState target, const QString &why)
{
    const auto child = m_nodes.value(nodeId);
    if (!child)
        return refusedFuture<AdminStatus>(QStringLiteral("the node is not running"));
    const auto peer = adminPeer(*child->process, nodeId);
    if (!peer)
        return refusedFuture<AdminStatus>(peer.error());
    auto *client = new AdminClient(peer.value(), child->adminToken, this);
    auto future = client->changeState(target, why);
    whenFinished(client, future, [client](const Result<AdminStatus> &) { client->deleteLater(); });
    return future;
}

QFuture<Result<QJsonObject>> NodeProcessSupervisor::call(const QString &nodeId,
                                                         const QByteArray &method,
                                                         const QByteArray &path,
                                                         const QByteArray &body)
{
    const auto child = m_nodes.value(nodeId);
    if (!child)
        return refusedFuture<QJsonObject>(QStringLiteral("the node is not running"));
    const auto peer = adminPeer(*child->process, nodeId);
    if (!peer)
        return refusedFuture<QJsonObject>(peer.error());
    auto *call = new AdminCall(peer.value(), child->adminToken, {method, path, body},
                               std::chrono::seconds(15), this);
    return call->start().then([](const Result<AdminReply> &reply) -> Result<QJsonObject> {
        if (!reply)
            return Error{reply.error()};
        if (reply->status >= 200 && reply->status < 300)
            return reply->json;
        return fail(QStringLiteral("the node refused (HTTP %1): %2")
                        .arg(reply->status)
                        .arg(reply->json.value(QStringLiteral("error")).toString()));
    });
}

} // namespace streamsync::console
