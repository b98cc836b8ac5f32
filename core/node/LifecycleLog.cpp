#include "node/LifecycleLog.h"

#include "db/Database.h"
#include "node/NodeRepository.h"
#include "util/Clock.h"

namespace streamsync {

LifecycleLog::LifecycleLog(Database &db, NodeRepository &nodes, const Clock &clock,
                           const Ed25519SigningKey &signer, qsizetype maxEventBytes)
    : m_db(db), m_nodes(nodes), m_clock(clock), m_signer(signer), m_log(db, maxEventBytes)
{}

QCborMap LifecycleLog::announceBody(const NodeRecord &node)
{
    return QCborMap{{QStringLiteral("name"), node.name},
                    {QStringLiteral("public_key"), node.publicKey},
                    {QStringLiteral("quota_bytes"), node.quotaBytes}};
}

QCborMap LifecycleLog::changeBody(const QByteArray &node, LifecycleState from, LifecycleState to,
                                  const QString &why, Actor who)
{
    return QCborMap{{QStringLiteral("node"), node},
                    {QStringLiteral("from"), toString(from)},
                    {QStringLiteral("to"), toString(to)},
                    {QStringLiteral("why"), why},
                    {QStringLiteral("who"), toString(who)}};
}

Result<NodeRecord> LifecycleLog::addNode(const NodeRecord &node)
{
    Result<NodeRecord> added;
    const auto stored = m_db.transaction([&]() -> Result<void> {
        added = m_nodes.addNode(node);
        if (!added)
            return Error{added.error()};
        const auto event = m_log.append(m_signer, EventKind::NodeAnnounce, announceBody(*added),
                                        quint64(m_clock.nowMs()));
        if (!event)
            return Error{event.error()};
        return {};
    });
    if (!stored)
        return Error{stored.error()};
    return added;
}

Result<NodeRecord> LifecycleLog::transition(const QString &id, LifecycleState to,
                                            const QString &why, Actor who)
{
    Result<NodeRecord> moved;
    const auto stored = m_db.transaction([&]() -> Result<void> {
        const auto before = m_nodes.node(id);
        if (!before)
            return Error{before.error()};
        moved = m_nodes.transition(id, to, why, who);
        if (!moved)
            return Error{moved.error()};
        const auto event = m_log.append(m_signer, EventKind::LifecycleChange,
                                        changeBody(moved->publicKey, before->state, to, why, who),
                                        quint64(m_clock.nowMs()));
        if (!event)
            return Error{event.error()};
        return {};
    });
    if (!stored)
        return Error{stored.error()};
    return moved;
}

} // namespace streamsync
