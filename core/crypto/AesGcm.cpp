#include "crypto/AesGcm.h"

#include "crypto/OpenSslPtr.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace streamsync {

namespace {

unsigned char *u8(QByteArray &bytes)
{
    return reinterpret_cast<unsigned char *>(bytes.data());
}

const unsigned char *u8(const QByteArray &bytes)
{
    return reinterpret_cast<const unsigned char *>(bytes.constData());
}

Result<void> checkSizes(const QByteArray &key, const QByteArray &nonce)
{
    if (key.size() != AesGcm::kKeySize || nonce.size() != AesGcm::kNonceSize)
        return fail(QStringLiteral("AES-GCM needs a %1-byte key and a %2-byte nonce")
                        .arg(AesGcm::kKeySize)
                        .arg(AesGcm::kNonceSize));
    return {};
}

} // namespace

Result<AesGcm::Sealed> AesGcm::seal(const QByteArray &key, const QByteArray &nonce,
                                    const QByteArray &aad, const QByteArray &plaintext)
{
    if (auto sizes = checkSizes(key, nonce); !sizes)
        return Error{sizes.error()};
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    Sealed sealed{QByteArray(plaintext.size(), Qt::Uninitialized), QByteArray(kTagSize, '\0')};
    int length = 0;
    if (!ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key), u8(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, u8(aad), int(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), u8(sealed.ciphertext), &length, u8(plaintext),
                          int(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), nullptr, &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, sealed.tag.data()) != 1)
        return fail(QStringLiteral("AES-GCM failed: %1").arg(takeOpenSslError()));
    return sealed;
}

Result<QByteArray> AesGcm::open(const QByteArray &key, const QByteArray &nonce,
                                const QByteArray &aad, const Sealed &sealed)
{
    if (auto sizes = checkSizes(key, nonce); !sizes)
        return Error{sizes.error()};
    if (sealed.tag.size() != kTagSize)
        return fail(QStringLiteral("authentication failed"));
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    QByteArray plaintext(sealed.ciphertext.size(), Qt::Uninitialized);
    QByteArray tag = sealed.tag;
    int length = 0;
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key), u8(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, u8(aad), int(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), u8(plaintext), &length, u8(sealed.ciphertext),
                          int(sealed.ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1)
        return fail(QStringLiteral("AES-GCM failed: %1").arg(takeOpenSslError()));
    if (EVP_DecryptFinal_ex(ctx.get(), nullptr, &length) != 1) {
        takeOpenSslError();
        return fail(QStringLiteral("authentication failed"));
    }
    return plaintext;
}

QByteArray AesGcm::randomBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    if (RAND_bytes(u8(bytes), size) != 1)
        qFatal("the system random generator failed");
    return bytes;
}

} // namespace streamsync
