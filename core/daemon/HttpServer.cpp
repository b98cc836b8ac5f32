#include "daemon/HttpServer.h"

#include "daemon/ApiLog.h"
#include "daemon/HttpConnection.h"

#include <QSslSocket>

#include <unistd.h>

namespace streamsync {

HttpServer::HttpServer(const HttpLimits &limits, Handler handler, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_handler(std::move(handler))
{}

Result<void> HttpServer::start(const QHostAddress &address, quint16 port)
{
    if (listen(address, port))
        return {};
    return fail(QStringLiteral("cannot listen on %1:%2: %3")
                    .arg(address.toString())
                    .arg(port)
                    .arg(errorString()));
}

void HttpServer::shutdown()
{
    close();
    for (HttpConnection *connection : findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly))
        connection->abort();
}

void HttpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_connections >= m_limits.maxConnections) {
        qCWarning(lcHttp) << "refused a connection: already" << m_connections << "open";
        ::close(int(socketDescriptor));
        return;
    }
    QTcpSocket *socket = takeSocket(socketDescriptor);
    if (!socket)
        return;
    auto *connection = new HttpConnection(socket, m_limits, this);
    ++m_connections;
    connect(connection, &HttpConnection::requestReceived, this,
            [this, connection](const HttpRequest &request) {
                connection->respond(m_handler(request));
            });
    connect(connection, &HttpConnection::finished, this, [this, connection] {
        --m_connections;
        connection->deleteLater();
    });
}

QTcpSocket *HttpServer::takeSocket(qintptr socketDescriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttp) << "could not take an accepted socket:" << socket->errorString();
        delete socket;
        return nullptr;
    }
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        tls->setSslConfiguration(*m_tls);
        tls->startServerEncryption();
    }
    return socket;
}

} // namespace streamsync
