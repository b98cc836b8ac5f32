#pragma once

#include "crypto/Ed25519.h"
#include "crypto/ScryptCost.h"
#include "util/Result.h"

#include <QString>

namespace streamsync {

// A customer's folder (`streamsync-node customer ... --data DIR`): for now only `customer.key`,
// its Ed25519 key (DESIGN §2), encrypted like every key and marked with the Customer role, so a
// node key is never used as a customer's by mistake. It signs the customer into TLS (nodes see
// who asks) and, later, its receipts and payments.
class CustomerKey
{
public:
    static QString keyPath(const QString &dir);
    // Creates the folder and a new key; refuses a folder that already holds one.
    static Result<QByteArray> init(const QString &dir, const QString &passphrase, ScryptCost cost);
    static Result<Ed25519SigningKey> load(const QString &dir, const QString &passphrase);
};

} // namespace streamsync
