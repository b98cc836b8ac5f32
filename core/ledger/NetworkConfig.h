#pragma once

#include "ledger/LedgerConfig.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace streamsync {

// The network a node belongs to: whose genesis counts and the rules (DESIGN §3 "constitution").
// Stored as JSON, e.g.
//   {"genesis": "<64 hex digits: the genesis key>", "parameters": {"epoch_length_ms": 60000}}
// where "parameters" holds overrides of the defaults as Parameters::fromJson() reads them and may
// be left out. Unknown top-level fields are refused, so a typo is not silently ignored.
struct NetworkConfig
{
    QByteArray genesis; // raw 32-byte Ed25519 key
    Parameters params;

    static Result<NetworkConfig> fromJson(const QByteArray &json);
    static Result<NetworkConfig> load(const QString &path);
    QByteArray toJson() const;
    // Written aside and renamed, so a reader never sees half a file.
    Result<void> save(const QString &path) const;

    LedgerConfig ledgerConfig() const { return LedgerConfig{params, genesis}; }
};

} // namespace streamsync
