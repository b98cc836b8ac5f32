#include "console/RemoteNodeStore.h"

#include "db/Database.h"

namespace streamsync::console {

Result<QList<RemoteNode>> RemoteNodeStore::list(Database &db)
{
    auto rows = db.query(QStringLiteral(
        "SELECT id, name, address, token, added_ms FROM remote_nodes ORDER BY added_ms, name"));
    if (!rows)
        return Error{rows.error()};
    QList<RemoteNode> nodes;
    while (rows.value().next())
        nodes.append(RemoteNode{rows->value(0).toString(), rows->value(1).toString(),
                                rows->value(2).toString(), rows->value(3).toString(),
                                rows->value(4).toLongLong()});
    return nodes;
}

Result<void> RemoteNodeStore::add(Database &db, const RemoteNode &node)
{
    const auto existing = list(db);
    if (!existing)
        return Error{existing.error()};
    for (const RemoteNode &other : existing.value()) {
        if (other.id == node.id)
            return fail(QStringLiteral("the node at %1 is already managed as \"%2\"")
                            .arg(node.address, other.name));
        if (other.name.compare(node.name, Qt::CaseInsensitive) == 0)
            return fail(QStringLiteral("a remote node named \"%1\" already exists").arg(node.name));
    }
    const auto inserted = db.query(QStringLiteral("INSERT INTO remote_nodes (id, name, address, "
                                                  "token, added_ms) VALUES (?, ?, ?, ?, ?)"),
                                   {node.id, node.name, node.address, node.token, node.addedMs});
    if (!inserted)
        return Error{inserted.error()};
    return {};
}

} // namespace streamsync::console
