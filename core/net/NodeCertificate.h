#pragma once

#include "crypto/Ed25519.h"
#include "crypto/NodeId.h"
#include "util/Result.h"

#include <QSslCertificate>
#include <QSslKey>

namespace streamsync {

// A node's TLS identity (DESIGN §2): a self-signed X.509 certificate over its Ed25519 node key,
// CN = node id in hex. There is no certificate authority: a peer is accepted when the key in its
// certificate hashes to the node id the other side expects, so dates and issuers carry no trust.
class NodeCertificate
{
public:
    static Result<NodeCertificate> create(const Ed25519SigningKey &nodeKey);

    // The node id a peer's certificate proves (SHA-256 of its Ed25519 key). Qt 6.4's
    // QSslCertificate::publicKey() cannot represent Ed25519, so this reads the native X509.
    static Result<NodeId> peerNodeId(const QSslCertificate &certificate);

    const NodeId &nodeId() const { return m_nodeId; }
    const QSslCertificate &certificate() const { return m_certificate; }
    // An opaque QSslKey holding its own reference to the node key's EVP_PKEY.
    const QSslKey &privateKey() const { return m_privateKey; }

private:
    NodeCertificate() = default;

    NodeId m_nodeId;
    QSslCertificate m_certificate;
    QSslKey m_privateKey;
};

} // namespace streamsync
