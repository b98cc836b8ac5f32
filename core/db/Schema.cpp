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

// v2: fork proofs found by the event store. The rival event of a fork is never stored in `events`
// (that table holds one valid chain per author), so the proof is the only place it is kept. A
// proof keeps its two events in hash order, so the pair of hashes names it whoever found it.
QStringList schemaV2()
{
    return {
        QStringLiteral("CREATE TABLE fork_proofs ("
                       " author BLOB NOT NULL,"
                       " seq INTEGER NOT NULL,"
                       " first_hash BLOB NOT NULL,"
                       " second_hash BLOB NOT NULL,"
                       " proof BLOB NOT NULL,"
                       " PRIMARY KEY (first_hash, second_hash))"),
        QStringLiteral("CREATE INDEX fork_proofs_by_author ON fork_proofs (author, seq)"),
    };
}

} // namespace

const QList<QStringList> &schemaMigrations()
{
    static const QList<QStringList> migrations{schemaV1(), schemaV2()};
    return migrations;
}

} // namespace streamsync
