#include "crypto/Sha256.h"

#include "crypto/OpenSslPtr.h"

#include <openssl/evp.h>

namespace streamsync {

QByteArray sha256(QByteArrayView data)
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(digest.data()),
               &length, EVP_sha256(), nullptr);
    return digest;
}

struct Sha256::Impl
{
    EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
};

Sha256::Sha256() : m_impl(std::make_unique<Impl>())
{
    EVP_DigestInit_ex(m_impl->ctx.get(), EVP_sha256(), nullptr);
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
