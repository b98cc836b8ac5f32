#include "crypto/NodeId.h"

#include "crypto/Sha256.h"

namespace streamsync {

NodeId NodeId::fromPublicKey(QByteArrayView publicKey)
{
    NodeId id;
    id.m_digest = sha256(publicKey);
    return id;
}

NodeId NodeId::fromHex(const QString &hex)
{
    NodeId id;
    const QByteArray digest = QByteArray::fromHex(hex.toLatin1());
    if (digest.size() == 32 && digest.toHex() == hex.toLatin1().toLower())
        id.m_digest = digest;
    return id;
}

QString NodeId::toHex() const
{
    return QString::fromLatin1(m_digest.toHex());
}

QString NodeId::shortText() const
{
    const QString text =
        base32Encode(QByteArrayView(m_digest).first(qMin(10, int(m_digest.size()))));
    QString grouped;
    for (int i = 0; i < text.size(); i += 4)
        grouped += (i ? QStringLiteral("-") : QString()) + text.mid(i, 4);
    return grouped;
}

QString base32Encode(QByteArrayView data)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    QString out;
    quint32 buffer = 0;
    int bits = 0;
    for (char c : data) {
        buffer = (buffer << 8) | quint8(c);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(alphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

} // namespace streamsync
