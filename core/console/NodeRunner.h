#pragma once

#include "console/NodeLauncher.h"
#include "interfaces/OperatorService.h"
#include "util/Result.h"

#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace streamsync::console {

class EmbeddedNetwork;
class NodeProcessSupervisor;
class ProfileWorker;

// Keeps each of the operator's nodes' processes in step with its lifecycle (DESIGN §5, §8), on
// the service's thread:
//   Starting   launches `streamsync-node run` (after the embedded network, which it joins, is
//              up); Online once it listens, Failed with the reason if it cannot start;
//   Online, Paused, Draining   told to the running node through its admin API: it keeps running
//              and gossiping, and serves as its state says;
//   Exited, Retired   told (Draining, then Exited, signed by the node so its peers learn it
//              left), then stopped; Stopped and Failed stop it;
//   a crash    (an exit nobody asked for) → Failed with the exit and its last words.
// What it records goes through the profile on the worker and is announced with nodeChanged().
class NodeRunner : public QObject
{
    Q_OBJECT

public:
    NodeRunner(ProfileWorker &worker, EmbeddedNetwork &network, QString configuredProgram,
               QObject *parent = nullptr);
    ~NodeRunner() override;

    // Launches a node the profile has in Starting (or, relaunched, in a running state).
    QFuture<Result<interfaces::NodeSummary>> launch(const QString &nodeId);
    // Makes the node's process follow the state the profile just recorded.
    void follow(const interfaces::NodeSummary &node, const QString &why);
    // Launches every node the profile has running (after an unlock: the console runs them).
    void relaunchAll();
    // From now on nothing is recorded (a shutdown is no node's doing); stops every process.
    void shutdown();

    bool wasLaunched(const QString &nodeId) const;
    bool isRunning(const QString &nodeId) const;
    qint64 pid(const QString &nodeId) const;
    // The folder of the first of the operator's nodes that runs and listens; empty if none.
    QString viewFolder() const;
    NetworkJoin joinFor(const QString &nodeId) const;
    Result<QString> program() const;
    // The running node's admin API.
    QFuture<Result<QJsonObject>> call(const QString &nodeId, const QByteArray &method,
                                      const QByteArray &path, const QByteArray &body);

Q_SIGNALS:
    void nodeChanged(const streamsync::interfaces::NodeSummary &node);
    void statusChanged(const QString &summary);
    // A crash was recorded (the service looks for alerts at once).
    void crashRecorded(const QString &nodeId);

private:
    QFuture<Result<interfaces::NodeSummary>> runPrepared(const PreparedNode &node);
    QFuture<Result<interfaces::NodeSummary>> reportStarted(const QString &nodeId,
                                                           const Result<QString> &listening);
    void onCrashed(const QString &nodeId, const QString &reason);
    void tell(const QString &nodeId, const QString &name, LifecycleState state, const QString &why);
    void retire(const QString &nodeId, const QString &why);

    ProfileWorker &m_worker;
    EmbeddedNetwork &m_network;
    QString m_configuredProgram;
    NodeProcessSupervisor *m_supervisor;
    QHash<QString, QString> m_folders; // node id → folder, for the nodes launched
    bool m_shuttingDown = false;
};

} // namespace streamsync::console
