#include "db/Schema.h"

namespace streamsync {

namespace {

// v1: nodes and their lifecycle history, the signed event log, and a key/value corner.
// `NOT NULL` on the TEXT primary key because SQLite otherwise lets a NULL key in (a legacy quirk).
QStringList schemaV1()
{
    return {
        QStringLiteral("CREATE TABLE nodes ("
                       " id TEXT NOT NULL PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " folder TEXT NOT NULL,"
                       " quota_bytes INTEGER NOT NULL CHECK (quota_bytes > 0),"
                       " used_bytes INTEGER NOT NULL DEFAULT 0,"
                       " state TEXT NOT NULL,"
                       " public_key BLOB NOT NULL,"
                       " created_ms INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE transitions ("
                       " id INTEGER PRIMARY KEY,"
                       " node_id TEXT NOT NULL REFERENCES nodes(id),"
                       " from_state TEXT NOT NULL,"
                       " to_state TEXT NOT NULL,"
                       " at_ms INTEGER NOT NULL,"
                       " why TEXT NOT NULL,"
                       " who TEXT NOT NULL)"),
        // History is always read per node, oldest first.
        QStringLiteral("CREATE INDEX transitions_by_node ON transitions (node_id, id)"),
        QStringLiteral("CREATE TABLE events ("
                       " author BLOB NOT NULL,"
                       " seq INTEGER NOT NULL,"
                       " hash BLOB NOT NULL UNIQUE,"
                       " kind TEXT NOT NULL,"
                       " time_ms INTEGER NOT NULL,"
                       " bytes BLOB NOT NULL,"
                       " PRIMARY KEY (author, seq))"),
        QStringLiteral("CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value BLOB)"),
    };
}

} // namespace

const QList<QStringList> &schemaMigrations()
{
    static const QList<QStringList> migrations{schemaV1()};
    return migrations;
}

} // namespace streamsync
