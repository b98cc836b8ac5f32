#include "node/NodeRepository.h"

#include "db/Database.h"
#include "util/Clock.h"

#include <QSqlQuery>
#include <QVariant>

namespace streamsync {

namespace {

constexpr QLatin1String kNodeColumns(
    "id, name, folder, quota_bytes, used_bytes, state, public_key, created_ms FROM nodes");

// A null QString binds as SQL NULL, which the NOT NULL text columns refuse; store "" instead.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QString unknownNode(const QString &id)
{
    return QStringLiteral("unknown node id: %1").arg(id);
}

Result<LifecycleState> stateColumn(const QVariant &value)
{
    if (const auto state = lifecycleStateFromString(value.toString()))
        return *state;
    return fail(
        QStringLiteral("the database holds an unknown node state \"%1\"").arg(value.toString()));
}

} // namespace

NodeRepository::NodeRepository(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

Result<NodeRecord> NodeRepository::addNode(NodeRecord node)
{
    if (const Result<void> valid = validateNew(node); !valid)
        return fail(valid.error());
    node.state = LifecycleState::Provisioning;
    node.createdMs = m_clock.nowMs();
    const Transition created{node.id,        LifecycleState::Provisioning, node.state,
                             node.createdMs, QStringLiteral("created"),    Actor::Operator};
    const Result<void> stored = m_db.transaction([&]() -> Result<void> {
        if (const Result<void> unique = checkUnique(node); !unique)
            return unique;
        if (const Result<void> inserted = insertNode(node); !inserted)
            return inserted;
        return insertTransition(created);
    });
    if (!stored)
        return fail(stored.error());
    return node;
}

Result<QList<NodeRecord>> NodeRepository::nodes() const
{
    Result<QSqlQuery> rows = m_db.query(QLatin1String("SELECT ") + kNodeColumns +
                                        QLatin1String(" ORDER BY created_ms, name"));
    if (!rows)
        return fail(rows.error());
    QList<NodeRecord> result;
    while (rows.value().next()) {
        Result<NodeRecord> record = readNode(*rows);
        if (!record)
            return fail(record.error());
        result.append(std::move(record).value());
    }
    return result;
}

Result<NodeRecord> NodeRepository::node(const QString &id) const
{
    Result<QSqlQuery> row =
        m_db.query(QLatin1String("SELECT ") + kNodeColumns + QLatin1String(" WHERE id = ?"), {id});
    if (!row)
        return fail(row.error());
    if (!row.value().next())
        return fail(unknownNode(id));
    return readNode(*row);
}

Result<NodeRecord> NodeRepository::transition(const QString &id, LifecycleState to,
                                              const QString &why, Actor who)
{
    if (to == LifecycleState::Failed && why.trimmed().isEmpty())
        return fail(QStringLiteral("a reason is required to mark node %1 as Failed").arg(id));
    Result<NodeRecord> moved;
    const Result<void> stored = m_db.transaction([&]() -> Result<void> {
        moved = applyTransition(id, to, why, who);
        return moved ? Result<void>() : fail(moved.error());
    });
    if (!stored)
        return fail(stored.error());
    return moved;
}

Result<QList<Transition>> NodeRepository::history(const QString &id) const
{
    if (const Result<NodeRecord> known = node(id); !known)
        return fail(known.error());
    Result<QSqlQuery> rows =
        m_db.query(QStringLiteral("SELECT node_id, from_state, to_state, at_ms, why, who"
                                  " FROM transitions WHERE node_id = ? ORDER BY id"),
                   {id});
    if (!rows)
        return fail(rows.error());
    QList<Transition> result;
    while (rows.value().next()) {
        Result<Transition> transition = readTransition(*rows);
        if (!transition)
            return fail(transition.error());
        result.append(std::move(transition).value());
    }
    return result;
}

Result<void> NodeRepository::validateNew(const NodeRecord &node) const
{
    if (node.id.trimmed().isEmpty())
        return fail(QStringLiteral("a node needs an id"));
    if (node.name.trimmed().isEmpty())
        return fail(QStringLiteral("a node needs a name"));
    if (node.folder.trimmed().isEmpty())
        return fail(QStringLiteral("node %1 needs a data folder").arg(node.name));
    if (node.quotaBytes <= 0)
        return fail(QStringLiteral("the quota of node %1 must be more than 0 bytes (got %2)")
                        .arg(node.name)
                        .arg(node.quotaBytes));
    if (node.usedBytes < 0)
        return fail(
            QStringLiteral("node %1 cannot have used a negative number of bytes").arg(node.name));
    if (node.publicKey.isEmpty())
        return fail(QStringLiteral("node %1 needs a public key").arg(node.name));
    return {};
}

// Checked before inserting so the operator reads which value clashes, not a constraint name.
Result<void> NodeRepository::checkUnique(const NodeRecord &node) const
{
    Result<QSqlQuery> clash = m_db.query(
        QStringLiteral("SELECT id = ?, name = ? FROM nodes WHERE id = ? OR name = ? LIMIT 1"),
        {node.id, node.name, node.id, node.name});
    if (!clash)
        return fail(clash.error());
    if (!clash.value().next())
        return {};
    if (clash->value(0).toBool())
        return fail(QStringLiteral("a node with id %1 already exists").arg(node.id));
    return fail(QStringLiteral("a node named %1 already exists").arg(node.name));
}

Result<void> NodeRepository::insertNode(const NodeRecord &node)
{
    const Result<QSqlQuery> inserted = m_db.query(
        QStringLiteral("INSERT INTO nodes (id, name, folder, quota_bytes, used_bytes, state,"
                       " public_key, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {node.id, node.name, node.folder, node.quotaBytes, node.usedBytes, toString(node.state),
         node.publicKey, node.createdMs});
    return inserted ? Result<void>() : fail(inserted.error());
}

Result<void> NodeRepository::insertTransition(const Transition &transition)
{
    const Result<QSqlQuery> inserted = m_db.query(
        QStringLiteral("INSERT INTO transitions (node_id, from_state, to_state, at_ms, why, who)"
                       " VALUES (?, ?, ?, ?, ?, ?)"),
        {transition.nodeId, toString(transition.from), toString(transition.to), transition.atMs,
         text(transition.why), toString(transition.who)});
    return inserted ? Result<void>() : fail(inserted.error());
}

// Runs inside transition()'s transaction: the state read, the check and both writes are atomic.
Result<NodeRecord> NodeRepository::applyTransition(const QString &id, LifecycleState to,
                                                   const QString &why, Actor who)
{
    Result<NodeRecord> current = node(id);
    if (!current)
        return current;
    if (const Result<void> legal = checkTransition(current->state, to, who); !legal)
        return fail(QStringLiteral("node %1: %2").arg(current->name, legal.error()));
    const Transition step{id, current->state, to, m_clock.nowMs(), why, who};
    const Result<QSqlQuery> updated =
        m_db.query(QStringLiteral("UPDATE nodes SET state = ? WHERE id = ?"), {toString(to), id});
    if (!updated)
        return fail(updated.error());
    if (const Result<void> recorded = insertTransition(step); !recorded)
        return fail(recorded.error());
    current.value().state = to;
    return current;
}

Result<NodeRecord> NodeRepository::readNode(const QSqlQuery &row)
{
    const Result<LifecycleState> state = stateColumn(row.value(5));
    if (!state)
        return fail(state.error());
    return NodeRecord{row.value(0).toString(),    row.value(1).toString(),
                      row.value(2).toString(),    row.value(3).toLongLong(),
                      row.value(4).toLongLong(),  *state,
                      row.value(6).toByteArray(), row.value(7).toLongLong()};
}

Result<Transition> NodeRepository::readTransition(const QSqlQuery &row)
{
    const Result<LifecycleState> from = stateColumn(row.value(1));
    const Result<LifecycleState> to = stateColumn(row.value(2));
    const std::optional<Actor> who = actorFromString(row.value(5).toString());
    if (!from || !to)
        return fail(!from ? from.error() : to.error());
    if (!who)
        return fail(QStringLiteral("the database holds an unknown actor \"%1\"")
                        .arg(row.value(5).toString()));
    return Transition{row.value(0).toString(), *from, *to, row.value(3).toLongLong(),
                      row.value(4).toString(), *who};
}

} // namespace streamsync
