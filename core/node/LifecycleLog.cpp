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
    return signedChange(
        EventKind::NodeAnnounce, [&] { return m_nodes.addNode(node); }, announceBody);
}

Result<NodeRecord> LifecycleLog::transition(const QString &id, LifecycleState to,
                                            const QString &why, Actor who)
{
    LifecycleState from = LifecycleState::Provisioning;
    return signedChange(
        EventKind::LifecycleChange,
        [&]() -> Result<NodeRecord> {
            const auto before = m_nodes.node(id);
            if (!before)
                return Error{before.error()};
            from = before->state;
            return m_nodes.transition(id, to, why, who);
        },
        [&](const NodeRecord &moved) { return changeBody(moved.publicKey, from, to, why, who); });
}

Result<NodeRecord>
LifecycleLog::signedChange(EventKind kind, const std::function<Result<NodeRecord>()> &change,
                           const std::function<QCborMap(const NodeRecord &)> &body)
{
    Result<NodeRecord> changed;
    const auto stored = m_db.transaction([&]() -> Result<void> {
        changed = change();
        if (!changed)
            return Error{changed.error()};
        const auto event = m_log.append(m_signer, kind, body(*changed), quint64(m_clock.nowMs()));
        if (!event)
            return Error{event.error()};
        return {};
    });
    if (!stored)
        return Error{stored.error()};
    return changed;
}

} // namespace streamsync
