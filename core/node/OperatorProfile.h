#pragma once

#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "interfaces/OperatorService.h"
#include "node/NodeRecord.h"
#include "node/SecretBox.h"
#include "util/Result.h"

#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

class Clock;
class Database;
class NodeRepository;

// Free and total space of the filesystem holding `folder` or, if it does not exist yet, its
// nearest existing parent (the folder a new node will be created in).
Result<interfaces::DiskSpace> diskSpaceOf(const QString &folder);

// What the console needs to run one of its nodes as a `streamsync-node run` process.
struct NodeLaunch
{
    NodeRecord node;
    // Opens the node's key; handed to the child in its environment, never on its command line.
    QString passphrase;
};

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
    Result<interfaces::NodeSummary> node(const QString &nodeId);
    // Every node with its public key (what the ledger knows it by).
    Result<QList<NodeRecord>> nodeRecords();
    Result<NodeLaunch> launch(const QString &nodeId);
    // What the node's process did: Starting → Online once it listens, → Failed when it could
    // not start or died (Actor::Node), → Suspended when the protocol suspended it
    // (Actor::Protocol); signed into the operator's feed like every change.
    Result<interfaces::NodeSummary> nodeReport(const QString &nodeId, LifecycleState to,
                                               const QString &why, Actor who = Actor::Node);
    void close();

    bool isOpen() const { return bool(m_db); }
    bool isUnlocked() const { return bool(m_operatorKey); }
    Database *database() { return m_db.get(); }

    QString keyPath() const;
    QString databasePath() const;
    // Seals and opens the secrets the profile keeps (remote nodes' admin tokens); needs the
    // operator key unlocked, from which its key is derived.
    Result<SecretBox> secretBox() const;

private:
    Result<void> requireOpen() const;
    Result<void> requireUnlocked() const;
    interfaces::ProfileStatus status() const;
    Result<void> checkNewNode(const interfaces::NewNodeRequest &request) const;
    Result<void> writeNodeKey(const NodeRecord &node, const Ed25519SigningKey &key) const;
    QString nodeKeyPassphrase() const;
    Result<interfaces::NodeSummary> checkStart(const QString &nodeId);
    Result<interfaces::NodeSummary> finishDrain(const QString &nodeId);

    QString m_dir;
    std::shared_ptr<const Clock> m_clock;
    ScryptCost m_cost;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeRepository> m_nodes;
    std::optional<Ed25519SigningKey> m_operatorKey;
};

} // namespace streamsync
