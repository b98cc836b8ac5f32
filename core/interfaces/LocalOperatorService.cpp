#include "interfaces/LocalOperatorService.h"

#include "crypto/KeyFile.h"
#include "node/OperatorProfile.h"
#include "util/Clock.h"

#include <QtConcurrent/QtConcurrentRun>

namespace streamsync::interfaces {

LocalOperatorService::LocalOperatorService(const OperatorServiceConfig &config)
{
    const auto clock = config.clock ? config.clock : std::make_shared<SystemClock>();
    const auto cost = config.kdfCost ? config.kdfCost : std::make_shared<ScryptCost>();
    m_profile = std::make_shared<OperatorProfile>(config.profileDir, clock, *cost);
    m_worker.setMaxThreadCount(1);
    m_worker.setExpiryTimeout(-1);
}

LocalOperatorService::~LocalOperatorService()
{
    // Queued behind the work already waiting, and joined with waitForDone(). Not with
    // QFuture::waitForFinished(): while the worker is busy, that takes the queued task off the pool
    // and runs it right here, which would close the database on the GUI thread while the worker
    // is still using it.
    auto profile = m_profile;
    m_worker.start([profile] { profile->close(); });
    m_worker.waitForDone();
}

template <typename T>
QFuture<Result<T>> LocalOperatorService::onWorker(std::function<Result<T>(OperatorProfile &)> work)
{
    auto profile = m_profile;
    return QtConcurrent::run(&m_worker, [profile, work] { return work(*profile); });
}

// Tells every view about a node whose state the call changed, on this object's thread.
QFuture<Result<NodeSummary>> LocalOperatorService::announced(QFuture<Result<NodeSummary>> future)
{
    return future.then(this, [this](Result<NodeSummary> node) {
        if (node)
            Q_EMIT nodeChanged(node.value());
        return node;
    });
}

QFuture<Result<ProfileStatus>> LocalOperatorService::open()
{
    return onWorker<ProfileStatus>([](OperatorProfile &p) { return p.open(); });
}

QFuture<Result<ProfileStatus>> LocalOperatorService::createOperatorKey(const QString &passphrase)
{
    return onWorker<ProfileStatus>(
        [passphrase](OperatorProfile &p) { return p.createOperatorKey(passphrase); });
}

QFuture<Result<ProfileStatus>> LocalOperatorService::unlock(const QString &passphrase)
{
    return onWorker<ProfileStatus>(
        [passphrase](OperatorProfile &p) { return p.unlock(passphrase); });
}

QFuture<Result<QList<NodeSummary>>> LocalOperatorService::nodes()
{
    return onWorker<QList<NodeSummary>>([](OperatorProfile &p) { return p.nodes(); });
}

QFuture<Result<NodeSummary>> LocalOperatorService::addNode(const NewNodeRequest &request)
{
    return announced(
        onWorker<NodeSummary>([request](OperatorProfile &p) { return p.addNode(request); }));
}

QFuture<Result<NodeSummary>>
LocalOperatorService::changeState(const QString &nodeId, LifecycleState target, const QString &why)
{
    return announced(onWorker<NodeSummary>(
        [nodeId, target, why](OperatorProfile &p) { return p.changeState(nodeId, target, why); }));
}

QFuture<Result<QList<Transition>>> LocalOperatorService::history(const QString &nodeId)
{
    return onWorker<QList<Transition>>([nodeId](OperatorProfile &p) { return p.history(nodeId); });
}

QFuture<Result<DiskSpace>> LocalOperatorService::diskSpace(const QString &folder)
{
    // Stateless and possibly slow (network mounts): any pool thread will do, not the profile's.
    return QtConcurrent::run([folder] { return diskSpaceOf(folder); });
}

std::unique_ptr<OperatorService> makeOperatorService(const OperatorServiceConfig &config)
{
    return std::make_unique<LocalOperatorService>(config);
}

} // namespace streamsync::interfaces
