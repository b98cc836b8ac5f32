#pragma once

#include "node/Lifecycle.h"
#include "node/NodeRecord.h"
#include "node/Transition.h"
#include "util/Result.h"

#include <QList>
#include <QString>

class QSqlQuery;

namespace streamsync {

class Clock;
class Database;

// The nodes of one database and the full history of their lifecycle (DESIGN §5). Every change of
// state goes through transition(), which checks the state machine and stores the new state with
// its history row in one transaction, so `nodes.state` always equals the last row's `to_state`.
// Used on the thread that owns the Database.
class NodeRepository
{
public:
    NodeRepository(Database &db, const Clock &clock);

    // Stores a new node in Provisioning; `state` and `createdMs` of the argument are ignored (the
    // clock decides `createdMs`). The history starts with one row Provisioning → Provisioning,
    // why "created", who Operator, so it also records when and by whom the node came to be.
    Result<NodeRecord> addNode(NodeRecord node);

    Result<QList<NodeRecord>> nodes() const;
    Result<NodeRecord> node(const QString &id) const;

    // Moves a node to `to` if the state machine lets `who` do so; Failed needs a non-empty `why`.
    Result<NodeRecord> transition(const QString &id, LifecycleState to, const QString &why,
                                  Actor who);

    // Oldest first (in the order written, which the clock cannot reorder).
    Result<QList<Transition>> history(const QString &id) const;

private:
    Result<void> validateNew(const NodeRecord &node) const;
    Result<void> checkUnique(const NodeRecord &node) const;
    Result<void> insertNode(const NodeRecord &node);
    Result<void> insertTransition(const Transition &transition);
    Result<NodeRecord> applyTransition(const QString &id, LifecycleState to, const QString &why,
                                       Actor who);
    static Result<NodeRecord> readNode(const QSqlQuery &row);
    static Result<Transition> readTransition(const QSqlQuery &row);

    Database &m_db;
    const Clock &m_clock;
};

} // namespace streamsync
