#pragma once

#include "crypto/OpenSslPtr.h"
#include "util/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace streamsync {

// An Ed25519 public key (32 raw bytes) ready to verify signatures. Parsing the raw bytes into an
// EVP_PKEY costs time, so verifiers that check many events of one author keep one of these.
class Ed25519PublicKey
{
public:
    static constexpr int kSize = 32;
    static constexpr int kSignatureSize = 64;

    static Result<Ed25519PublicKey> fromRaw(QByteArrayView raw);

    const QByteArray &raw() const { return m_raw; }
    bool verify(QByteArrayView message, QByteArrayView signature) const;
    EVP_PKEY *handle() const { return m_key.get(); }

private:
    QByteArray m_raw;
    std::shared_ptr<EVP_PKEY> m_key;
};

// An Ed25519 private key held in OpenSSL. Move-only so a secret is never copied by accident.
class Ed25519SigningKey
{
public:
    static constexpr int kSeedSize = 32;

    static Result<Ed25519SigningKey> generate();
    static Result<Ed25519SigningKey> fromSeed(QByteArrayView seed);

    const QByteArray &publicKey() const { return m_public; }
    // The 32-byte private seed, for encrypting it at rest. Callers must not log or keep it.
    QByteArray seed() const;
    QByteArray sign(QByteArrayView message) const;
    // An opaque handle for TLS (QSslKey) and certificate signing; owned by this object.
    EVP_PKEY *handle() const { return m_key.get(); }

private:
    explicit Ed25519SigningKey(EvpPkeyPtr key);
    EvpPkeyPtr m_key;
    QByteArray m_public;
};

} // namespace streamsync
