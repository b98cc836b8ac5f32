#pragma once

#include "ledger/EpochClock.h"
#include "ledger/LedgerBodies.h"
#include "ledger/LedgerConfig.h"
#include "log/Event.h"
#include "util/Result.h"

namespace streamsync {

// The genesis that counts (docs/market.md "Genesis"): seq 1 of the configured genesis key, kind
// `genesis`, a valid body whose `params` equals this node's Parameters hash, and grants that add
// up to less than 2^63 µcr.
struct ActiveGenesis
{
    QByteArray hash;
    GenesisBody body;
    Money total; // Σ grants
    EpochClock clock;

    // Whether `event` is a genesis event that counts under `config`; the error says why not.
    static Result<ActiveGenesis> from(const Event &event, const LedgerConfig &config);
};

} // namespace streamsync
