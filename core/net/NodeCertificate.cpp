#include "net/NodeCertificate.h"

#include <openssl/rand.h>

namespace streamsync {

namespace {

// Pinning is by key, not by dates, so the validity only has to outlast any node.
constexpr long kValiditySeconds = 10L * 366 * 24 * 3600;
// Tolerates a peer whose clock is behind ours; nothing checks the dates anyway.
constexpr long kBackdateSeconds = 24L * 3600;

Result<void> openSslCheck(bool ok, const char *what)
{
    if (ok)
        return {};
    return fail(QStringLiteral("could not build the node certificate (%1): %2")
                    .arg(QLatin1String(what), takeOpenSslError()));
}

// A random positive 63-bit serial: two certificates of one key never share a serial.
Result<void> setRandomSerial(X509 *x509)
{
    quint64 serial = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char *>(&serial), sizeof serial) != 1)
        return openSslCheck(false, "serial");
    serial = (serial >> 1) | 1;
    return openSslCheck(ASN1_INTEGER_set_uint64(X509_get_serialNumber(x509), serial) == 1,
                        "serial");
}

Result<void> setSubjectAndIssuer(X509 *x509, const NodeId &id)
{
    X509_NAME *name = X509_get_subject_name(x509);
    const QByteArray cn = id.toHex().toLatin1();
    const bool added =
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char *>(cn.constData()),
                                   int(cn.size()), -1, 0) == 1;
    if (auto r = openSslCheck(added, "subject"); !r)
        return r;
    return openSslCheck(X509_set_issuer_name(x509, name) == 1, "issuer");
}

Result<void> setValidity(X509 *x509)
{
    const bool ok = X509_gmtime_adj(X509_getm_notBefore(x509), -kBackdateSeconds) &&
                    X509_gmtime_adj(X509_getm_notAfter(x509), kValiditySeconds);
    return openSslCheck(ok, "validity");
}

Result<void> fillAndSign(X509 *x509, const Ed25519SigningKey &key, const NodeId &id)
{
    if (auto r = openSslCheck(X509_set_version(x509, X509_VERSION_3) == 1, "version"); !r)
        return r;
    if (auto r = setRandomSerial(x509); !r)
        return r;
    if (auto r = setSubjectAndIssuer(x509, id); !r)
        return r;
    if (auto r = setValidity(x509); !r)
        return r;
    if (auto r = openSslCheck(X509_set_pubkey(x509, key.handle()) == 1, "public key"); !r)
        return r;
    // Ed25519 signs the message itself, so there is no separate digest: md must be NULL.
    return openSslCheck(X509_sign(x509, key.handle(), nullptr) > 0, "signature");
}

Result<X509Ptr> buildX509(const Ed25519SigningKey &key, const NodeId &id)
{
    X509Ptr x509(X509_new());
    if (!x509)
        return Error{openSslCheck(false, "allocation").error()};
    if (auto r = fillAndSign(x509.get(), key, id); !r)
        return Error{r.error()};
    return x509;
}

QByteArray toDer(X509 *x509)
{
    const int length = i2d_X509(x509, nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_X509(x509, &out);
    return der;
}

// QSslKey takes ownership of an opaque handle and frees it with the key, so it gets its own
// reference and the signing key keeps its own.
QSslKey opaqueKey(const Ed25519SigningKey &key)
{
    EVP_PKEY_up_ref(key.handle());
    return QSslKey(Qt::HANDLE(key.handle()), QSsl::PrivateKey);
}

} // namespace

Result<NodeCertificate> NodeCertificate::create(const Ed25519SigningKey &nodeKey)
{
    NodeCertificate result;
    result.m_nodeId = NodeId::fromPublicKey(nodeKey.publicKey());
    auto x509 = buildX509(nodeKey, result.m_nodeId);
    if (!x509)
        return Error{x509.error()};
    result.m_certificate = QSslCertificate(toDer(x509->get()), QSsl::Der);
    if (result.m_certificate.isNull())
        return fail(QStringLiteral("Qt could not load the node certificate"));
    result.m_privateKey = opaqueKey(nodeKey);
    if (result.m_privateKey.isNull())
        return fail(QStringLiteral("Qt could not take the node key as an opaque TLS key"));
    return result;
}

Result<NodeId> NodeCertificate::peerNodeId(const QSslCertificate &certificate)
{
    const auto *x509 = static_cast<const X509 *>(certificate.handle());
    if (certificate.isNull() || !x509)
        return fail(QStringLiteral("the peer presented no certificate"));
    EVP_PKEY *key = X509_get0_pubkey(x509);
    if (!key || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519)
        return fail(QStringLiteral("the peer's certificate does not hold an Ed25519 key"));
    QByteArray raw(Ed25519PublicKey::kSize, Qt::Uninitialized);
    size_t length = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char *>(raw.data()), &length) !=
            1 ||
        length != size_t(Ed25519PublicKey::kSize))
        return fail(
            QStringLiteral("could not read the peer's Ed25519 key: %1").arg(takeOpenSslError()));
    return NodeId::fromPublicKey(raw);
}

} // namespace streamsync
