#pragma once

#include "interfaces/OperatorService.h"

#include <QThreadPool>

#include <functional>

namespace streamsync {

class OperatorProfile;

namespace interfaces {

// The OperatorService that runs the operator's nodes in this process. All state lives in an
// OperatorProfile that is touched only from one worker thread (a pool of exactly one thread that
// never expires), so the SQLite connection stays on the thread that opened it and the GUI thread
// only ever receives finished results.
class LocalOperatorService final : public OperatorService
{
    Q_OBJECT

public:
    explicit LocalOperatorService(const OperatorServiceConfig &config);
    // Closes the database on its own thread and joins the worker (qBittorrent's owned I/O thread).
    ~LocalOperatorService() override;

    QFuture<Result<ProfileStatus>> open() override;
    QFuture<Result<ProfileStatus>> createOperatorKey(const QString &passphrase) override;
    QFuture<Result<ProfileStatus>> unlock(const QString &passphrase) override;
    QFuture<Result<QList<NodeSummary>>> nodes() override;
    QFuture<Result<NodeSummary>> addNode(const NewNodeRequest &request) override;
    QFuture<Result<NodeSummary>> changeState(const QString &nodeId, LifecycleState target,
                                             const QString &why) override;
    QFuture<Result<QList<Transition>>> history(const QString &nodeId) override;
    QFuture<Result<DiskSpace>> diskSpace(const QString &folder) override;

private:
    template <typename T>
    QFuture<Result<T>> onWorker(std::function<Result<T>(OperatorProfile &)> work);
    QFuture<Result<NodeSummary>> announced(QFuture<Result<NodeSummary>> future);

    std::shared_ptr<OperatorProfile> m_profile;
    QThreadPool m_worker;
};

} // namespace interfaces
} // namespace streamsync
