#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <QString>

#include <memory>

namespace streamsync {

// OpenSSL objects owned by RAII with their own free function as deleter (KDE Connect's habit):
// no naked frees anywhere else in the code.
template <typename T, void (*Free)(T *)> struct OpenSslDeleter
{
    void operator()(T *p) const { Free(p); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using EvpPkeyCtxPtr =
    std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EvpCipherCtxPtr =
    std::unique_ptr<EVP_CIPHER_CTX, OpenSslDeleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;

inline void bioFreeAll(BIO *bio)
{
    BIO_free_all(bio);
}
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, bioFreeAll>>;

// The text of the newest OpenSSL error on this thread (and clears the queue), for messages.
QString takeOpenSslError();

} // namespace streamsync
