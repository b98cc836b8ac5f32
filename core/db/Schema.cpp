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

// v3: the ledger's projections (docs/market.md "Projection tables"), rebuilt from the log by
// LedgerProjection in one transaction. Integers only (scores in parts per million), and a
// primary key on every table, so two observers' rows compare byte for byte in key order.
QStringList schemaV3()
{
    return {
        QStringLiteral("CREATE TABLE ledger_meta (key TEXT NOT NULL PRIMARY KEY,"
                       " value INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE ledger_accounts ("
                       " account BLOB NOT NULL PRIMARY KEY,"
                       " balance INTEGER NOT NULL,"
                       " escrowed INTEGER NOT NULL,"
                       " bonded INTEGER NOT NULL,"
                       " unbonding INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE ledger_unbonding ("
                       " node BLOB NOT NULL,"
                       " event_hash BLOB NOT NULL,"
                       " amount INTEGER NOT NULL,"
                       " release_ms INTEGER NOT NULL,"
                       " PRIMARY KEY (node, event_hash))"),
        QStringLiteral("CREATE TABLE ledger_earnings ("
                       " node BLOB NOT NULL,"
                       " epoch INTEGER NOT NULL,"
                       " source TEXT NOT NULL CHECK (source IN ('fees', 'dividend', 'subsidy')),"
                       " amount INTEGER NOT NULL,"
                       " PRIMARY KEY (node, epoch, source))"),
        QStringLiteral("CREATE TABLE ledger_epochs ("
                       " epoch INTEGER NOT NULL PRIMARY KEY,"
                       " close_hash BLOB NOT NULL,"
                       " closer BLOB NOT NULL,"
                       " closer_rank INTEGER NOT NULL,"
                       " time_ms INTEGER NOT NULL,"
                       " end_ms INTEGER NOT NULL,"
                       " fees INTEGER NOT NULL,"
                       " emission INTEGER NOT NULL,"
                       " subsidy INTEGER NOT NULL,"
                       " dividend INTEGER NOT NULL,"
                       " refunds INTEGER NOT NULL,"
                       " releases INTEGER NOT NULL,"
                       " pool_before INTEGER NOT NULL,"
                       " pool_after INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE ledger_offers ("
                       " node BLOB NOT NULL,"
                       " offer_seq INTEGER NOT NULL,"
                       " time_ms INTEGER NOT NULL,"
                       " price_query INTEGER NOT NULL,"
                       " price_gb_month INTEGER NOT NULL,"
                       " free_bytes INTEGER NOT NULL,"
                       " event_hash BLOB NOT NULL,"
                       " current INTEGER NOT NULL,"
                       " PRIMARY KEY (node, offer_seq))"),
        QStringLiteral("CREATE TABLE ledger_reputation ("
                       " node BLOB NOT NULL,"
                       " epoch INTEGER NOT NULL,"
                       " at_ms INTEGER NOT NULL,"
                       " performance_ppm INTEGER NOT NULL,"
                       " accuracy_ppm INTEGER NOT NULL,"
                       " uptime_ppm INTEGER NOT NULL,"
                       " stake_term_ppm INTEGER NOT NULL,"
                       " p90_latency_ms INTEGER NOT NULL,"
                       " accuracy_permille INTEGER NOT NULL,"
                       " race_samples INTEGER NOT NULL,"
                       " accuracy_samples INTEGER NOT NULL,"
                       " probes INTEGER NOT NULL,"
                       " probes_answered INTEGER NOT NULL,"
                       " suspended INTEGER NOT NULL,"
                       " PRIMARY KEY (node, epoch))"),
        QStringLiteral("CREATE TABLE ledger_stake ("
                       " node BLOB NOT NULL,"
                       " epoch INTEGER NOT NULL,"
                       " bonded INTEGER NOT NULL,"
                       " unbonding INTEGER NOT NULL,"
                       " slashed INTEGER NOT NULL,"
                       " PRIMARY KEY (node, epoch))"),
        QStringLiteral("CREATE TABLE ledger_slashes ("
                       " event_hash BLOB NOT NULL PRIMARY KEY,"
                       " node BLOB NOT NULL,"
                       " amount INTEGER NOT NULL,"
                       " time_ms INTEGER NOT NULL,"
                       " epoch INTEGER NOT NULL,"
                       " reason TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE ledger_refusals ("
                       " event_hash BLOB NOT NULL PRIMARY KEY,"
                       " author BLOB NOT NULL,"
                       " seq INTEGER NOT NULL,"
                       " kind TEXT NOT NULL,"
                       " reason TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE ledger_nodes ("
                       " node BLOB NOT NULL PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " announcer BLOB NOT NULL,"
                       " quota_bytes INTEGER NOT NULL,"
                       " state TEXT NOT NULL,"
                       " state_since_ms INTEGER NOT NULL)"),
    };
}

// v4: nodes on other machines that the console manages through their admin API (DESIGN §8).
// Used in the operator's profile only. `token` is the node's admin bearer secret, sealed with a
// key derived from the operator key (SecretBox; consoles before it stored it in plain text).
QStringList schemaV4()
{
    return {
        QStringLiteral("CREATE TABLE remote_nodes ("
                       " id TEXT NOT NULL PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " address TEXT NOT NULL,"
                       " token TEXT NOT NULL,"
                       " added_ms INTEGER NOT NULL)"),
    };
}

// v5: a draining node's handoff of its stored objects to other nodes (DataHandoff), one row.
QStringList schemaV5()
{
    return {
        QStringLiteral("CREATE TABLE handoff ("
                       " id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),"
                       " started_ms INTEGER NOT NULL,"
                       " updated_ms INTEGER NOT NULL,"
                       " objects_total INTEGER NOT NULL,"
                       " objects_done INTEGER NOT NULL,"
                       " bytes_total INTEGER NOT NULL,"
                       " bytes_done INTEGER NOT NULL,"
                       " complete INTEGER NOT NULL,"
                       " note TEXT NOT NULL)"),
    };
}

} // namespace

const QList<QStringList> &schemaMigrations()
{
    static const QList<QStringList> migrations{schemaV1(), schemaV2(), schemaV3(), schemaV4(),
                                               schemaV5()};
    return migrations;
}

} // namespace streamsync
