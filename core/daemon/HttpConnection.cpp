#include "daemon/HttpConnection.h"

#include "daemon/ApiLog.h"

#include <QHostAddress>
#include <QSslSocket>
#include <QTcpSocket>

namespace streamsync {

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, QObject *parent)
    : QObject(parent), m_socket(socket), m_limits(limits), m_parser(limits)
{
    m_socket->setParent(this);
    m_peer = m_socket->peerAddress().toString() + QLatin1Char(':') +
             QString::number(m_socket->peerPort());
    // Bounded so an unread socket pushes back on TCP instead of filling memory.
    m_socket->setReadBufferSize(limits.maxHeadBytes + limits.maxBodyBytes + 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpConnection::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::onTimeout);
    m_deadline.start(limits.requestTimeout);
}

HttpConnection::~HttpConnection()
{
    // Silence the socket first: aborting it must not call back into a half-destroyed object.
    m_socket->disconnect(this);
    m_socket->abort();
}

void HttpConnection::onReadyRead()
{
    while (!m_responded && m_parser.status() == HttpRequestParser::Status::NeedMore) {
        const QByteArray bytes = m_socket->read(m_parser.bytesWanted());
        if (bytes.isEmpty())
            return;
        m_parser.feed(bytes);
    }
    if (m_responded)
        return;
    if (m_parser.status() == HttpRequestParser::Status::Invalid)
        return refuse(m_parser.errorStatus(), m_parser.errorReason());
    HttpRequest request = m_parser.request();
    request.peer = m_peer;
    Q_EMIT requestReceived(request);
}

void HttpConnection::refuse(int status, const QString &reason)
{
    qCInfo(lcHttp).noquote() << QStringLiteral("refused a request from %1 with %2: %3")
                                    .arg(m_peer)
                                    .arg(status)
                                    .arg(reason);
    respond(HttpResponse::error(status, reason));
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (m_responded || m_finished)
        return;
    m_responded = true;
    m_socket->write(response.serialize());
    // Flushes what is queued (and sends TLS close_notify) before closing.
    m_socket->disconnectFromHost();
    m_deadline.start(m_limits.writeTimeout);
}

void HttpConnection::onSocketError(QAbstractSocket::SocketError error)
{
    // The client hanging up is how every exchange ends; anything else is worth a line.
    if (error != QAbstractSocket::RemoteHostClosedError)
        qCDebug(lcHttp).noquote()
            << QStringLiteral("connection from %1: %2").arg(m_peer, m_socket->errorString());
    finish();
}

void HttpConnection::onTimeout()
{
    if (m_responded) {
        qCInfo(lcHttp).noquote() << "cut" << m_peer << "which did not read its response in time";
        return abort();
    }
    // A stalled TLS handshake has no channel to answer on.
    const auto *tls = qobject_cast<QSslSocket *>(m_socket);
    if (tls && !tls->isEncrypted()) {
        qCInfo(lcHttp).noquote() << "cut" << m_peer << "whose TLS handshake did not finish in time";
        return abort();
    }
    refuse(408,
           QStringLiteral("no complete request within %1 ms").arg(m_limits.requestTimeout.count()));
}

void HttpConnection::abort()
{
    m_socket->abort();
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    Q_EMIT finished();
}

} // namespace streamsync
