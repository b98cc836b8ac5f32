#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace streamsync {

// A node's (or any key holder's) identity: SHA-256 of its raw Ed25519 public key (DESIGN §2).
class NodeId
{
public:
    NodeId() = default;
    static NodeId fromPublicKey(QByteArrayView publicKey);
    static NodeId fromHex(const QString &hex);

    bool isNull() const { return m_digest.isEmpty(); }
    const QByteArray &bytes() const { return m_digest; }
    QString toHex() const;
    // 16 base32 characters (80 bits) in groups of four, e.g. "mfrg-gzdf-mztw-q2lk": short enough
    // to read aloud, long enough that two nodes of one network never share it by accident.
    QString shortText() const;

    friend bool operator==(const NodeId &a, const NodeId &b) { return a.m_digest == b.m_digest; }
    friend bool operator!=(const NodeId &a, const NodeId &b) { return a.m_digest != b.m_digest; }

private:
    QByteArray m_digest;
};

// RFC 4648 base32, lower case, without padding.
QString base32Encode(QByteArrayView data);

} // namespace streamsync
