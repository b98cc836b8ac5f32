#include "console/NodeRunner.h"

#include "console/EmbeddedNetwork.h"
#include "console/NetworkSettings.h"
#include "console/NodeProcessSupervisor.h"
#include "console/NodeProgram.h"
#include "console/ProfileWorker.h"
#include "console/ReadyFuture.h"
#include "node/OperatorProfile.h"

namespace streamsync::console {

using interfaces::NodeSummary;

namespace {

// A new own node's first price in the embedded network: near the competitors' (2,800-6,000 µcr
// per query in core/localnet/CompetitorProfile), so it wins a visible share from the start.
constexpr qint64 kEmbeddedFirstOfferMicro = 3000;

bool keepsRunning(LifecycleState state)
{
    return state == LifecycleState::Starting || state == LifecycleState::Online ||
           state == LifecycleState::Paused || state == LifecycleState::Draining ||
           state == LifecycleState::Suspended;
}

} // namespace

NodeRunner::NodeRunner(ProfileWorker &worker, EmbeddedNetwork &network, QString configuredProgram,
                       QObject *parent)
    : QObject(parent), m_worker(worker), m_network(network),
      m_configuredProgram(std::move(configuredProgram)),
      m_supervisor(new NodeProcessSupervisor(this))
{
    connect(m_supervisor, &NodeProcessSupervisor::crashed, this, &NodeRunner::onCrashed);
}

NodeRunner::~NodeRunner()
{
    shutdown();
}

void NodeRunner::shutdown()
{
    m_shuttingDown = true;
    m_supervisor->stopAll();
}

Result<QString> NodeRunner::program() const
{
    return locateNodeProgram(m_configuredProgram);
}

bool NodeRunner::wasLaunched(const QString &nodeId) const
{
    return m_supervisor->wasLaunched(nodeId);
}

bool NodeRunner::isRunning(const QString &nodeId) const
{
    return m_supervisor->isRunning(nodeId);
}

qint64 NodeRunner::pid(const QString &nodeId) const
{
    return m_supervisor->pid(nodeId);
}

QString NodeRunner::viewFolder() const
{
    const QStringList running = m_supervisor->runningNodes();
    return running.isEmpty() ? QString() : m_folders.value(running.first());
}

QFuture<Result<QJsonObject>> NodeRunner::call(const QString &nodeId, const QByteArray &method,
                                              const QByteArray &path, const QByteArray &body)
{
    return m_supervisor->call(nodeId, method, path, body);
}

NetworkJoin NodeRunner::joinFor(const QString &nodeId) const
{
    const auto settings = NetworkSettings::load();
    NetworkJoin join;
    join.listen = settings.listen;
    join.networkFile = m_network.isReady() ? m_network.networkFile() : settings.networkFile;
    if (m_network.isReady())
        join.firstOfferMicro = kEmbeddedFirstOfferMicro;
    join.peers = m_network.peers() + settings.bootstrap;
    for (const QString &other : m_supervisor->runningNodes()) {
        if (other != nodeId)
            join.peers.append(m_supervisor->listenAddress(other) + QLatin1Char('@') + other);
    }
    return join;
}

QFuture<Result<NodeSummary>> NodeRunner::launch(const QString &nodeId)
{
    auto prepared =
        m_worker.run<PreparedNode>([nodeId](OperatorProfile &p) { return prepareNode(p, nodeId); });
    return prepared
        .then(this,
              [this, nodeId](Result<PreparedNode> node) -> QFuture<Result<NodeSummary>> {
                  if (!node)
                      return reportStarted(nodeId, Error{node.error()});
                  if (!m_network.isStarting())
                      return runPrepared(node.value());
                  // Joins the embedded network once it runs (or goes without if it cannot).
                  const PreparedNode waiting = node.value();
                  return m_network.settled()
                      .then(this, [this, waiting] { return runPrepared(waiting); })
                      .unwrap();
              })
        .unwrap();
}

QFuture<Result<NodeSummary>> NodeRunner::runPrepared(const PreparedNode &node)
{
    const QString id = node.nodeId;
    const auto located = program();
    if (!located)
        return reportStarted(id, Error{located.error()});
    m_folders.insert(id, node.folder);
    const NodeProcessSupervisor::Spec spec{id, launchFor(node, joinFor(id), located.value()),
                                           node.adminToken};
    return m_supervisor->launch(spec)
        .then(this, [this, id](Result<QString> listening) { return reportStarted(id, listening); })
        .unwrap();
}

// Starting → Online once the process listens (a relaunched node keeps its state, and its process
// is told it); → Failed with the reason otherwise.
QFuture<Result<NodeSummary>> NodeRunner::reportStarted(const QString &nodeId,
                                                       const Result<QString> &listening)
{
    if (m_shuttingDown)
        return refusedFuture<NodeSummary>(QStringLiteral("the console is shutting down"));
    auto recorded = m_worker.run<NodeSummary>([nodeId, listening](OperatorProfile &p) {
        const auto node = p.node(nodeId);
        if (!node)
            return node;
        if (!listening) {
            if (node->state == LifecycleState::Failed || node->state == LifecycleState::Retired)
                return node;
            return p.nodeReport(nodeId, LifecycleState::Failed, listening.error());
        }
        if (node->state != LifecycleState::Starting)
            return node;
        return p.nodeReport(
            nodeId, LifecycleState::Online,
            QStringLiteral("the node's process serves on %1").arg(listening.value()));
    });
    return recorded.then(this, [this, listening](Result<NodeSummary> node) {
        if (!node)
            return node;
        if (listening) {
            // In the embedded network the local customer learns of the node and races it too.
            if (m_network.isReady())
                m_network.admit(listening.value() + QLatin1Char('@') + node->id);
            Q_EMIT statusChanged(QStringLiteral("node %1 runs (pid %2), listening on %3")
                                     .arg(node->name)
                                     .arg(pid(node->id))
                                     .arg(listening.value()));
            if (node->state != LifecycleState::Online)
                follow(node.value(), QStringLiteral("as the console last left it"));
        } else {
            Q_EMIT statusChanged(
                QStringLiteral("node %1 could not start: %2").arg(node->name, listening.error()));
        }
        return node;
    });
}

void NodeRunner::tell(const QString &nodeId, const QString &name, LifecycleState state,
                      const QString &why)
{
    m_supervisor->tellState(nodeId, state, why)
        .then(this, [this, name](const Result<AdminStatus> &status) {
            if (!status)
                Q_EMIT statusChanged(QStringLiteral("node %1 did not take the change: %2")
                                         .arg(name, status.error()));
        });
}

// Draining, then Exited, signed by the node itself so its peers learn it left; then it stops.
// Either may be refused (the node was draining already, say): it stops all the same.
void NodeRunner::retire(const QString &nodeId, const QString &why)
{
    m_supervisor->tellState(nodeId, LifecycleState::Draining, why)
        .then(this,
              [this, nodeId, why](const Result<AdminStatus> &) {
                  return m_supervisor->tellState(nodeId, LifecycleState::Exited, why);
              })
        .unwrap()
        .then(this, [this, nodeId](const Result<AdminStatus> &) { m_supervisor->stop(nodeId); });
}

void NodeRunner::follow(const NodeSummary &node, const QString &why)
{
    if (!m_supervisor->isRunning(node.id))
        return;
    switch (node.state) {
    case LifecycleState::Online:
    case LifecycleState::Paused:
    case LifecycleState::Draining:
        tell(node.id, node.name, node.state, why);
        return;
    case LifecycleState::Exited:
    case LifecycleState::Retired:
        retire(node.id, why);
        return;
    case LifecycleState::Stopped:
    case LifecycleState::Failed:
        m_supervisor->stop(node.id);
        return;
    default:
        return;
    }
}

void NodeRunner::onCrashed(const QString &nodeId, const QString &reason)
{
    if (m_shuttingDown)
        return;
    auto failed = m_worker.run<NodeSummary>([nodeId, reason](OperatorProfile &p) {
        const auto node = p.node(nodeId);
        if (!node || node->state == LifecycleState::Failed ||
            node->state == LifecycleState::Retired)
            return node;
        return p.nodeReport(nodeId, LifecycleState::Failed, reason);
    });
    failed.then(this, [this, nodeId, reason](const Result<NodeSummary> &node) {
        if (!node)
            return;
        Q_EMIT nodeChanged(node.value());
        Q_EMIT statusChanged(
            QStringLiteral("node %1 stopped unexpectedly: %2").arg(node->name, reason));
        Q_EMIT crashRecorded(nodeId);
    });
}

void NodeRunner::relaunchAll()
{
    auto listed = m_worker.run<QList<NodeSummary>>([](OperatorProfile &p) { return p.nodes(); });
    listed.then(this, [this](const Result<QList<NodeSummary>> &nodes) {
        if (!nodes || m_shuttingDown)
            return;
        for (const NodeSummary &node : nodes.value()) {
            if (!keepsRunning(node.state) || m_supervisor->isRunning(node.id))
                continue;
            launch(node.id).then(this, [this](const Result<NodeSummary> &launched) {
                if (launched)
                    Q_EMIT nodeChanged(launched.value());
            });
        }
    });
}

} // namespace streamsync::console
