#include "ledger/Receipt.h"

#include "crypto/Ed25519.h"
#include "log/CanonicalCbor.h"

#include <QCborMap>

namespace streamsync {

QByteArray Receipt::signingBytes() const
{
    const QCborMap map{{QStringLiteral("ctx"), QStringLiteral("streamsync receipt v1")},
                       {QStringLiteral("node"), node},
                       {QStringLiteral("customer"), customer},
                       {QStringLiteral("epoch"), epoch},
                       {QStringLiteral("queries"), queries},
                       {QStringLiteral("amount"), amount.micro()}};
    // Integers, byte and text strings only: the canonical encoder cannot refuse them.
    return cbor::encode(map).value();
}

Result<QByteArray> Receipt::sign(const Ed25519SigningKey &customerKey) const
{
    if (customerKey.publicKey() != customer)
        return fail(QStringLiteral("a receipt must be signed by its customer's key"));
    return customerKey.sign(signingBytes());
}

bool Receipt::verify(const QByteArray &sig) const
{
    if (amount.isNegative() || queries < 0 || epoch < 0)
        return false;
    const auto key = Ed25519PublicKey::fromRaw(customer);
    return key && key->verify(signingBytes(), sig);
}

} // namespace streamsync
