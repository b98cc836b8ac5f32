#include "net/PeerServer.h"

#include "net/NetLog.h"
#include "net/PeerConnection.h"

#include <QTcpSocket>

#include <memory>

namespace streamsync {

PeerServer::PeerServer(const NodeCertificate &identity, const TransportConfig &config,
                       QObject *parent)
    : QTcpServer(parent), m_identity(identity), m_config(config)
{}

Result<void> PeerServer::start(const QHostAddress &address, quint16 port)
{
    if (!listen(address, port))
        return fail(QStringLiteral("could not listen on %1 port %2: %3")
                        .arg(address.toString())
                        .arg(port)
                        .arg(errorString()));
    qCInfo(lcNet).noquote() << "listening for peers on" << address.toString() << serverPort();
    return {};
}

void PeerServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_connections >= m_maxConnections) {
        QTcpSocket refused;
        refused.setSocketDescriptor(socketDescriptor);
        qCWarning(lcNet).noquote() << "refusing a peer from" << refused.peerAddress().toString()
                                   << "- already" << m_connections << "connections";
        refused.abort();
        return;
    }
    if (auto *connection = PeerConnection::accept(socketDescriptor, m_identity, m_config, this))
        track(connection);
}

void PeerServer::track(PeerConnection *connection)
{
    ++m_connections;
    auto wasReady = std::make_shared<bool>(false);
    connect(connection, &PeerConnection::ready, this, [this, connection, wasReady] {
        *wasReady = true;
        Q_EMIT peerReady(connection);
    });
    connect(connection, &PeerConnection::closed, this,
            [this, connection, wasReady](const QString &reason) {
                --m_connections;
                if (!*wasReady)
                    Q_EMIT peerRefused(reason);
                // Only what the server still owns; a taker that reparented it decides itself.
                if (connection->parent() == this)
                    connection->deleteLater();
            });
}

} // namespace streamsync
