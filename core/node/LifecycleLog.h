#pragma once

#include "log/EventStore.h"
#include "node/Lifecycle.h"
#include "node/NodeRecord.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>

#include <functional>

namespace streamsync {

class Clock;
class Database;
class Ed25519SigningKey;
class NodeRepository;

// Node records whose changes are also signed into the signer's feed of the log, where peers must
// know them (DESIGN §4, §5): `node_announce` when a node is added, `lifecycle_change` for each
// transition. The change and its event are stored in one database transaction (joining the
// caller's), so the history and the log never disagree. A headless node signs with its own key;
// the console signs its nodes' changes with the operator key.
class LifecycleLog
{
public:
    LifecycleLog(Database &db, NodeRepository &nodes, const Clock &clock,
                 const Ed25519SigningKey &signer, qsizetype maxEventBytes);

    // NodeRepository::addNode, then `node_announce` {name, public_key, quota_bytes}.
    Result<NodeRecord> addNode(const NodeRecord &node);
    // NodeRepository::transition, then `lifecycle_change` {node, from, to, why, who}.
    Result<NodeRecord> transition(const QString &id, LifecycleState to, const QString &why,
                                  Actor who);

    static QCborMap announceBody(const NodeRecord &node);
    // `node` is the node's public key: an operator's feed speaks of many nodes.
    static QCborMap changeBody(const QByteArray &node, LifecycleState from, LifecycleState to,
                               const QString &why, Actor who);

private:
    // Runs `change` and signs the event `body` describes of its result, in one transaction.
    Result<NodeRecord> signedChange(EventKind kind,
                                    const std::function<Result<NodeRecord>()> &change,
                                    const std::function<QCborMap(const NodeRecord &)> &body);

    Database &m_db;
    NodeRepository &m_nodes;
    const Clock &m_clock;
    const Ed25519SigningKey &m_signer;
    EventStore m_log;
};

} // namespace streamsync
