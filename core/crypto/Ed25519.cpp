#include "crypto/Ed25519.h"

#include <openssl/crypto.h>

namespace streamsync {

namespace {

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

} // namespace

Result<Ed25519PublicKey> Ed25519PublicKey::fromRaw(QByteArrayView raw)
{
    if (raw.size() != kSize)
        return fail(QStringLiteral("an Ed25519 public key has 32 bytes, not %1").arg(raw.size()));
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(raw), kSize);
    if (!key)
        return fail(QStringLiteral("invalid Ed25519 public key: %1").arg(takeOpenSslError()));
    Ed25519PublicKey result;
    result.m_raw = raw.toByteArray();
    result.m_key.reset(key, EVP_PKEY_free);
    return result;
}

bool Ed25519PublicKey::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (!m_key || signature.size() != kSignatureSize)
        return false;
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), kSignatureSize, bytes(message),
                            size_t(message.size())) == 1;
}

Ed25519SigningKey::Ed25519SigningKey(EvpPkeyPtr key) : m_key(std::move(key))
{
    m_public.resize(Ed25519PublicKey::kSize);
    size_t length = Ed25519PublicKey::kSize;
    EVP_PKEY_get_raw_public_key(m_key.get(), reinterpret_cast<unsigned char *>(m_public.data()),
                                &length);
}

Result<Ed25519SigningKey> Ed25519SigningKey::generate()
{
    EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key)
        return fail(
            QStringLiteral("could not generate an Ed25519 key: %1").arg(takeOpenSslError()));
    return Ed25519SigningKey(std::move(key));
}

Result<Ed25519SigningKey> Ed25519SigningKey::fromSeed(QByteArrayView seed)
{
    if (seed.size() != kSeedSize)
        return fail(QStringLiteral("an Ed25519 private key has 32 bytes, not %1").arg(seed.size()));
    EvpPkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed), kSeedSize));
    if (!key)
        return fail(QStringLiteral("invalid Ed25519 private key: %1").arg(takeOpenSslError()));
    return Ed25519SigningKey(std::move(key));
}

QByteArray Ed25519SigningKey::seed() const
{
    QByteArray seed(kSeedSize, Qt::Uninitialized);
    size_t length = kSeedSize;
    EVP_PKEY_get_raw_private_key(m_key.get(), reinterpret_cast<unsigned char *>(seed.data()),
                                 &length);
    return seed;
}

QByteArray Ed25519SigningKey::sign(QByteArrayView message) const
{
    QByteArray signature(Ed25519PublicKey::kSignatureSize, Qt::Uninitialized);
    size_t length = size_t(signature.size());
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    // Ed25519 is a one-shot signature; with a valid key these calls cannot fail short of OOM.
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       bytes(message), size_t(message.size())) != 1)
        qFatal("Ed25519 signing failed: %s", qPrintable(takeOpenSslError()));
    return signature;
}

} // namespace streamsync
