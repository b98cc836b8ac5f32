#pragma once

#include "util/Result.h"

#include <QByteArray>

namespace streamsync {

class Database;
class Ledger;

// The ledger's SQLite projection (docs/market.md "Projection tables"): what the console reads.
// Integers only, so two observers' tables compare byte for byte. Per node and accepted close the
// reputation and stake rows are computed at the close's epoch end from the state after it; one
// more row per node for the open epoch (lastClosed + 1) is computed at `nowMs` from the current
// state, so the console's "now" is in the same tables.
class LedgerProjection
{
public:
    // Replaces every projection row with the ledger's, in one transaction.
    static Result<void> write(Database &db, const Ledger &ledger, qint64 nowMs);
    // Every row of every projection table in primary-key order, as canonical CBOR
    // [table, [column values…]] items back to back: equal dumps mean equal projections.
    static Result<QByteArray> dump(Database &db);
};

} // namespace streamsync
