#pragma once

#include "crypto/Ed25519.h"
#include "crypto/ScryptCost.h"
#include "util/Result.h"

#include <QString>

namespace streamsync {

// What a key is for; written into the file so a node key cannot be loaded as an operator key.
enum class KeyRole { Operator, Node, Customer };
QString toString(KeyRole role);

// An Ed25519 private key encrypted at rest: passphrase → scrypt → AES-256-GCM, in a small
// canonical-CBOR file with mode 0600. The header (role, public key, KDF parameters, nonce) is
// authenticated as GCM's associated data, so any tampering is detected. A separate check value
// derived from the same scrypt output tells a wrong passphrase apart from a damaged file.
// Loading never modifies the file.
class KeyFile
{
public:
    static Result<void> create(const QString &path, const Ed25519SigningKey &key, KeyRole role,
                               const QString &passphrase,
                               ScryptCost cost = ScryptCost::interactive());
    static Result<Ed25519SigningKey> load(const QString &path, KeyRole role,
                                          const QString &passphrase);
    // The public key without the passphrase (to show the id before unlocking).
    static Result<QByteArray> readPublicKey(const QString &path);
};

} // namespace streamsync
