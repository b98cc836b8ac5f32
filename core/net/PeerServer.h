#pragma once

#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"
#include "util/Result.h"

#include <QHostAddress>
#include <QTcpServer>

namespace streamsync {

class PeerConnection;

// Listens for peers and turns each accepted socket into a server-side PeerConnection. Qt 6.4's
// QSslServer has no handshake timeout and hands sockets out before their peer is checked, so this
// takes the plain descriptor and lets PeerConnection run TLS, the pin and the hello under its own
// timeouts. Each connection fails alone: a bad client is closed and deleted without touching the
// others. Connections are children of the server and are deleted (later) after they close.
class PeerServer : public QTcpServer
{
    Q_OBJECT

public:
    PeerServer(const NodeCertificate &identity, const TransportConfig &config,
               QObject *parent = nullptr);

    Result<void> start(const QHostAddress &address, quint16 port = 0);
    // Connections still in their handshake plus those that are ready.
    int connectionCount() const { return m_connections; }
    // Accepted sockets beyond this many are closed at once.
    void setMaxConnections(int max) { m_maxConnections = max; }

Q_SIGNALS:
    // A peer passed TLS, the pin and the hello.
    void peerReady(streamsync::PeerConnection *connection);
    // A connection closed before it became ready (bad client, timeout, mismatch).
    void peerRefused(const QString &reason);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void track(PeerConnection *connection);

    NodeCertificate m_identity;
    TransportConfig m_config;
    int m_connections = 0;
    int m_maxConnections = 256;
};

} // namespace streamsync
