#pragma once

#include "console/NodeProcess.h"
#include "daemon/AdminStatus.h"
#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPromise>
#include <QStringList>

#include <chrono>
#include <memory>

namespace streamsync {
class AdminClient;
}

namespace streamsync::console {

// The operator's own nodes as `streamsync-node run` processes (DESIGN §8: the console runs
// them). Lives on the service's thread; every call returns at once.
//
// launch() resolves once the node listens (with its address) or with the reason it could not
// start; a node that dies later without being asked to is reported by crashed(). Each child
// runs the admin API on loopback with the token from its folder, which tellState() uses to
// carry the operator's Pause/Resume/Drain to the running node. Children die with the console:
// the destructor stops them (SIGTERM, then SIGKILL after the grace) and waits for them.
class NodeProcessSupervisor : public QObject
{
    Q_OBJECT

public:
    struct Spec
    {
        QString nodeId;
        NodeProcess::Launch launch;
        QByteArray adminToken; // the secret of the folder's admin.token
    };

    explicit NodeProcessSupervisor(QObject *parent = nullptr);
    ~NodeProcessSupervisor() override;

    void setGrace(std::chrono::milliseconds grace) { m_grace = grace; }
    void setStartTimeout(std::chrono::milliseconds timeout) { m_startTimeout = timeout; }

    QFuture<Result<QString>> launch(const Spec &spec);
    // Resolves once the process is gone (at once when none runs).
    QFuture<void> stop(const QString &nodeId);
    // SIGTERM to every child, then waits for them (SIGKILL after the grace): for shutdown.
    void stopAll();

    bool isRunning(const QString &nodeId) const;
    // Ever launched by this console and not stopped on purpose since.
    bool wasLaunched(const QString &nodeId) const { return m_nodes.contains(nodeId); }
    qint64 pid(const QString &nodeId) const;
    // "HOST:PORT" it listens on; empty unless it runs and listens.
    QString listenAddress(const QString &nodeId) const;
    // Running and listening nodes, in launch order.
    QStringList runningNodes() const;

    // Asks the running node (admin API) to move to `target`.
    QFuture<Result<AdminStatus>> tellState(const QString &nodeId, LifecycleState target,
                                           const QString &why);
    // Calls the running node's admin API (`path` such as "/v1/offer") with a JSON body.
    QFuture<Result<QJsonObject>> call(const QString &nodeId, const QByteArray &method,
                                      const QByteArray &path, const QByteArray &body);

Q_SIGNALS:
    // A listening node ended without being asked to; `reason` has its exit and last words.
    void crashed(const QString &nodeId, const QString &reason);

private:
    struct Child
    {
        std::unique_ptr<NodeProcess> process;
        QByteArray adminToken;
        std::shared_ptr<QPromise<Result<QString>>> starting;
        QList<std::shared_ptr<QPromise<void>>> stopping;
        qint64 launchedAt = 0;
    };

    void onListening(const QString &nodeId, const QString &address);
    void onExited(const QString &nodeId, bool requested, const QString &reason);
    void settleStart(Child &child, const Result<QString> &result);

    QHash<QString, std::shared_ptr<Child>> m_nodes;
    qint64 m_launches = 0;
    std::chrono::milliseconds m_grace{5'000};
    std::chrono::milliseconds m_startTimeout{60'000};
};

} // namespace streamsync::console
