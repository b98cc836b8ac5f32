#pragma once

#include "money/Money.h"
#include "util/Result.h"

#include <QByteArray>

namespace streamsync {

class Ed25519SigningKey;

// A customer's cumulative receipt to the node it pays (docs/market.md "Receipts"): never in the
// log itself. The node keeps the newest one per (customer, epoch) and posts it as its
// `payment_voucher`, whose `customer_sig` is the receipt's signature.
struct Receipt
{
    QByteArray node;     // the paid node's key
    QByteArray customer; // the paying customer's key, who signs
    qint64 epoch = 0;
    qint64 queries = 0; // cumulative for (customer, node, epoch)
    Money amount;       // cumulative for (customer, node, epoch)

    // Canonical CBOR of {ctx: "streamsync receipt v1", node, customer, epoch, queries, amount}.
    QByteArray signingBytes() const;
    // Refuses a key that is not the customer's: such a signature could never verify.
    Result<QByteArray> sign(const Ed25519SigningKey &customerKey) const;
    // True iff `sig` is the customer's Ed25519 signature over signingBytes().
    bool verify(const QByteArray &sig) const;
};

} // namespace streamsync
