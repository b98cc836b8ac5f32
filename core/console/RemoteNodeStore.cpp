#include "console/RemoteNodeStore.h"

#include "db/Database.h"
#include "node/OperatorProfile.h"

namespace streamsync::console {

namespace {

Result<Database *> unlockedDatabase(OperatorProfile &profile)
{
    if (!profile.database())
        return fail(QStringLiteral("the operator profile is not open"));
    if (!profile.isUnlocked())
        return fail(QStringLiteral("unlock the operator key to manage remote nodes (their admin "
                                   "tokens are sealed with it)"));
    return profile.database();
}

// A token stored before tokens were sealed is sealed now, in place.
Result<QString> openToken(Database &db, const SecretBox &box, const QString &id,
                          const QString &name, const QString &stored)
{
    if (!SecretBox::isSealed(stored)) {
        const auto sealed = box.seal(stored.toUtf8(), id.toLatin1());
        if (!sealed)
            return Error{sealed.error()};
        const auto updated = db.query(
            QStringLiteral("UPDATE remote_nodes SET token = ? WHERE id = ?"), {sealed.value(), id});
        if (!updated)
            return Error{updated.error()};
        return stored;
    }
    const auto token = box.open(stored, id.toLatin1());
    if (!token)
        return fail(
            QStringLiteral("the admin token of remote node \"%1\": %2").arg(name, token.error()));
    return QString::fromUtf8(token.value());
}

} // namespace

Result<QList<RemoteNode>> RemoteNodeStore::list(OperatorProfile &profile)
{
    const auto db = unlockedDatabase(profile);
    if (!db)
        return Error{db.error()};
    const auto box = profile.secretBox();
    if (!box)
        return Error{box.error()};
    auto rows = db.value()->query(QStringLiteral(
        "SELECT id, name, address, token, added_ms FROM remote_nodes ORDER BY added_ms, name"));
    if (!rows)
        return Error{rows.error()};
    QList<RemoteNode> nodes;
    while (rows.value().next())
        nodes.append(RemoteNode{rows->value(0).toString(), rows->value(1).toString(),
                                rows->value(2).toString(), rows->value(3).toString(),
                                rows->value(4).toLongLong()});
    for (RemoteNode &node : nodes) {
        const auto token = openToken(*db.value(), box.value(), node.id, node.name, node.token);
        if (!token)
            return Error{token.error()};
        node.token = token.value();
    }
    return nodes;
}

Result<void> RemoteNodeStore::add(OperatorProfile &profile, const RemoteNode &node)
{
    const auto existing = list(profile);
    if (!existing)
        return Error{existing.error()};
    for (const RemoteNode &other : existing.value()) {
        if (other.id == node.id)
            return fail(QStringLiteral("the node at %1 is already managed as \"%2\"")
                            .arg(node.address, other.name));
        if (other.name.compare(node.name, Qt::CaseInsensitive) == 0)
            return fail(QStringLiteral("a remote node named \"%1\" already exists").arg(node.name));
    }
    const auto sealed = profile.secretBox()->seal(node.token.toUtf8(), node.id.toLatin1());
    if (!sealed)
        return Error{sealed.error()};
    const auto inserted =
        profile.database()->query(QStringLiteral("INSERT INTO remote_nodes (id, name, address, "
                                                 "token, added_ms) VALUES (?, ?, ?, ?, ?)"),
                                  {node.id, node.name, node.address, sealed.value(), node.addedMs});
    if (!inserted)
        return Error{inserted.error()};
    return {};
}

} // namespace streamsync::console
