#pragma once

#include "net/MarketMessages.h"
#include "util/Result.h"

#include <QByteArray>

#include <optional>

namespace streamsync {

// What a connection's market requests need from the node's ledger (LedgerService implements
// it), so MarketSession knows nothing of the fold.
class MarketDesk
{
public:
    virtual ~MarketDesk() = default;

    // The market as this node's ledger sees it now; `holds` is left for the caller.
    virtual Result<wire::MarketReply> market() = 0;
    // Verifies and keeps a customer's receipt; the answer names the receipt now kept.
    virtual Result<wire::ReceiptAck> takeReceipt(const wire::ReceiptFields &receipt) = 0;
    // New events are in the store (a customer published one): fold them in now.
    virtual void refresh() = 0;
};

} // namespace streamsync
