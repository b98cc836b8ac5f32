#pragma once

#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "interfaces/OperatorService.h"
#include "util/Result.h"

#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

class Clock;
class Database;
class NodeRepository;
struct NodeRecord;

// Free and total space of the filesystem holding `folder` or, if it does not exist yet, its
// nearest existing parent (the folder a new node will be created in).
Result<interfaces::DiskSpace> diskSpaceOf(const QString &folder);

// The operator's profile on disk: `operator.key` (encrypted) and `operator.sqlite` (nodes and
// their history) in one folder. Not thread-safe: LocalOperatorService calls it from its single
// worker thread only, which is also the thread that owns the SQLite connection.
class OperatorProfile
{
public:
    OperatorProfile(QString dir, std::shared_ptr<const Clock> clock, ScryptCost cost);
    ~OperatorProfile();

    Result<interfaces::ProfileStatus> open();
    Result<interfaces::ProfileStatus> createOperatorKey(const QString &passphrase);
    Result<interfaces::ProfileStatus> unlock(const QString &passphrase);
    Result<QList<interfaces::NodeSummary>> nodes();
    Result<interfaces::NodeSummary> addNode(const interfaces::NewNodeRequest &request);
    Result<interfaces::NodeSummary> changeState(const QString &nodeId, LifecycleState target,
                                                const QString &why);
    Result<QList<Transition>> history(const QString &nodeId);
    void close();

    QString keyPath() const;
    QString databasePath() const;

private:
    Result<void> requireOpen() const;
    Result<void> requireUnlocked() const;
    interfaces::ProfileStatus status() const;
    Result<void> checkNewNode(const interfaces::NewNodeRequest &request) const;
    Result<void> writeNodeKey(const NodeRecord &node, const Ed25519SigningKey &key) const;
    QString nodeKeyPassphrase() const;
    Result<interfaces::NodeSummary> startNode(const QString &nodeId);
    Result<interfaces::NodeSummary> finishDrain(const QString &nodeId);

    QString m_dir;
    std::shared_ptr<const Clock> m_clock;
    ScryptCost m_cost;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeRepository> m_nodes;
    std::optional<Ed25519SigningKey> m_operatorKey;
};

} // namespace streamsync
