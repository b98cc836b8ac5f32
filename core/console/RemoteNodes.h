#pragma once

#include "console/RemoteNodeStore.h"
#include "daemon/AdminStatus.h"
#include "interfaces/OperatorService.h"
#include "util/Result.h"

#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QObject>

#include <memory>

namespace streamsync::console {

class ProfileWorker;

// The remote nodes as last known, readable from any thread (the worker lists them with the
// local ones).
class RemoteSnapshot
{
public:
    QList<interfaces::NodeSummary> summaries() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_nodes;
    }
    void set(QList<interfaces::NodeSummary> nodes)
    {
        const QMutexLocker lock(&m_mutex);
        m_nodes = std::move(nodes);
    }

private:
    mutable QMutex m_mutex;
    QList<interfaces::NodeSummary> m_nodes;
};

// The operator's nodes on other machines, seen and steered through their admin API (TLS pinned
// to the node id, bearer token). Lives on the service's thread; every call is asynchronous.
// The state of each is the one its API last reported; refresh() asks again and reports changes.
class RemoteNodes : public QObject
{
    Q_OBJECT

public:
    explicit RemoteNodes(ProfileWorker &worker, QObject *parent = nullptr);

    // Reads the stored nodes from the profile, then asks each for its status.
    void load();
    // Checks the node's admin API (`address` = HOST:PORT@NODEID: the connection is pinned to the
    // node, so the token never reaches another), then stores it in the profile.
    QFuture<Result<interfaces::NodeSummary>> add(const QString &name, const QString &address,
                                                 const QString &token, qint64 nowMs);

    // The nodes stored in the profile (replaces what is known; keeps the statuses of those
    // still listed).
    void setNodes(const QList<RemoteNode> &nodes);
    bool contains(const QString &id) const { return m_nodes.contains(id); }
    QList<interfaces::NodeSummary> summaries() const;
    std::shared_ptr<const RemoteSnapshot> snapshot() const { return m_snapshot; }

    // GET /v1/status of a node that is not stored yet: what addRemoteNode checks first.
    static QFuture<Result<AdminStatus>> probe(QObject *context, const RemoteNode &node);
    // POST /v1/lifecycle.
    QFuture<Result<interfaces::NodeSummary>> changeState(const QString &id, LifecycleState target,
                                                         const QString &why);
    void refresh();
    // Records a status (from a probe or a change) and returns the node as the console shows it.
    interfaces::NodeSummary remember(const QString &id, const AdminStatus &status);

Q_SIGNALS:
    void changed(const streamsync::interfaces::NodeSummary &node);

private:
    interfaces::NodeSummary summaryOf(const RemoteNode &node) const;

    ProfileWorker &m_worker;
    QHash<QString, RemoteNode> m_nodes;
    QHash<QString, AdminStatus> m_status;
    std::shared_ptr<RemoteSnapshot> m_snapshot = std::make_shared<RemoteSnapshot>();
};

} // namespace streamsync::console
