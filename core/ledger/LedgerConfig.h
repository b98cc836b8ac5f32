#pragma once

#include "params/Parameters.h"

#include <QByteArray>

namespace streamsync {

// What a ledger needs besides the events: the network's rules and whose seq-1 `genesis` counts.
struct LedgerConfig
{
    Parameters params;
    QByteArray genesisAuthor; // raw 32-byte Ed25519 key
};

} // namespace streamsync
