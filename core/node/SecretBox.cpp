#include "node/SecretBox.h"

#include "crypto/AesGcm.h"

#include <openssl/crypto.h>

namespace streamsync {

namespace {

const QLatin1String kPrefix("sealed:v1:");

} // namespace

SecretBox::SecretBox(QByteArray key) : m_key(std::move(key)) {}

SecretBox::~SecretBox()
{
    OPENSSL_cleanse(m_key.data(), size_t(m_key.size()));
}

bool SecretBox::isSealed(const QString &text)
{
    return text.startsWith(kPrefix);
}

Result<QString> SecretBox::seal(const QByteArray &secret, const QByteArray &context) const
{
    const QByteArray nonce = AesGcm::randomNonce();
    const auto sealed = AesGcm::seal(m_key, nonce, context, secret);
    if (!sealed)
        return Error{sealed.error()};
    const QByteArray bytes = nonce + sealed->ciphertext + sealed->tag;
    return QString(kPrefix + QString::fromLatin1(bytes.toBase64()));
}

Result<QByteArray> SecretBox::open(const QString &sealed, const QByteArray &context) const
{
    if (!isSealed(sealed))
        return fail(QStringLiteral("not a sealed secret"));
    const auto decoded = QByteArray::fromBase64Encoding(sealed.mid(kPrefix.size()).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray &bytes = decoded.decoded;
    if (!decoded || bytes.size() < AesGcm::kNonceSize + AesGcm::kTagSize)
        return fail(QStringLiteral("the sealed secret is damaged"));
    const QByteArray nonce = bytes.first(AesGcm::kNonceSize);
    const AesGcm::Sealed parts{
        bytes.sliced(AesGcm::kNonceSize, bytes.size() - AesGcm::kNonceSize - AesGcm::kTagSize),
        bytes.last(AesGcm::kTagSize)};
    auto opened = AesGcm::open(m_key, nonce, context, parts);
    if (!opened)
        return fail(QStringLiteral("the sealed secret does not open with this operator key (%1)")
                        .arg(opened.error()));
    return opened;
}

} // namespace streamsync
