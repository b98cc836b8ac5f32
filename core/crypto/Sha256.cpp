#include "crypto/Sha256.h"

#include "crypto/OpenSslPtr.h"

#include <openssl/evp.h>

namespace streamsync {

namespace {

// EVP_sha256() makes OpenSSL 3 look the algorithm up in its provider store, under a global
// read-write lock, at every init; with several threads hashing (chunk writers, query workers)
// that lock was the top of the profile. Fetched once, it is never looked up again. Kept for the
// life of the process.
const EVP_MD *sha256Md()
{
    static const EVP_MD *const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

} // namespace

QByteArray sha256(QByteArrayView data)
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(digest.data()),
               &length, sha256Md(), nullptr);
    return digest;
}

struct Sha256::Impl
{
    EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
};

Sha256::Sha256() : m_impl(std::make_unique<Impl>())
{
    EVP_DigestInit_ex(m_impl->ctx.get(), sha256Md(), nullptr);
}

Sha256::~Sha256() = default;

void Sha256::add(QByteArrayView data)
{
    EVP_DigestUpdate(m_impl->ctx.get(), data.data(), size_t(data.size()));
}

QByteArray Sha256::finish()
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_impl->ctx.get(), reinterpret_cast<unsigned char *>(digest.data()),
                       &length);
    return digest;
}

} // namespace streamsync
