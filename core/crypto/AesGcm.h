#pragma once

#include "util/Result.h"

#include <QByteArray>

namespace streamsync {

// AES-256-GCM through OpenSSL's EVP interface: key files seal a node's seed with it, and the
// operator's profile seals the admin tokens of remote nodes. A nonce must never be used twice
// with one key; randomNonce() draws 96 random bits, as NIST SP 800-38D allows.
class AesGcm
{
public:
    static constexpr int kKeySize = 32;
    static constexpr int kNonceSize = 12;
    static constexpr int kTagSize = 16;

    struct Sealed
    {
        QByteArray ciphertext;
        QByteArray tag;
    };

    // `aad` is authenticated, not encrypted: opening with other associated data fails.
    static Result<Sealed> seal(const QByteArray &key, const QByteArray &nonce,
                               const QByteArray &aad, const QByteArray &plaintext);
    // "authentication failed" when anything differs from what was sealed.
    static Result<QByteArray> open(const QByteArray &key, const QByteArray &nonce,
                                   const QByteArray &aad, const Sealed &sealed);
    // From the system's random generator (RAND_bytes).
    static QByteArray randomBytes(int size);
    static QByteArray randomNonce() { return randomBytes(kNonceSize); }
};

} // namespace streamsync
