#include "daemon/AdminCall.h"

#include "net/NodeCertificate.h"

#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslSocket>

namespace streamsync {

namespace {

// A long history is the largest answer; far below this.
constexpr qsizetype kMaxAnswerBytes = 16 * 1024 * 1024;

Result<AdminReply> replyFrom(const HttpResponseReader &reader)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reader.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(QStringLiteral("the node's answer (HTTP %1) is not a JSON object")
                        .arg(reader.statusCode()));
    return AdminReply{reader.statusCode(), document.object()};
}

} // namespace

AdminCall::AdminCall(PeerAddress node, QByteArray token, Request request,
                     std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent), m_node(std::move(node)), m_token(std::move(token)),
      m_request(std::move(request)), m_timeout(timeout), m_socket(new QSslSocket(this)),
      m_reader(kMaxAnswerBytes)
{
    configureSocket();
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        settle(fail(
            QStringLiteral("no answer from %1 within %2 ms").arg(where()).arg(m_timeout.count())));
    });
}

AdminCall::~AdminCall()
{
    m_socket->disconnect(this);
    m_socket->abort();
    if (!m_settled) {
        m_promise.addResult(Result<AdminReply>(fail(QStringLiteral("the request was dropped"))));
        m_promise.finish();
    }
}

QFuture<Result<AdminReply>> AdminCall::start()
{
    m_promise.start();
    m_deadline.start(m_timeout);
    m_socket->connectToHostEncrypted(m_node.host, m_node.port);
    return m_promise.future();
}

void AdminCall::configureSocket()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_3OrLater);
    // No CA: Qt only fetches the certificate (QueryPeer) and checkPin() decides by key, as
    // PeerConnection does.
    tls.setCaCertificates({});
    tls.setPeerVerifyMode(QSslSocket::QueryPeer);
    m_socket->setSslConfiguration(tls);
    connect(m_socket, &QSslSocket::encrypted, this, &AdminCall::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &AdminCall::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &AdminCall::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &AdminCall::onDisconnected);
}

void AdminCall::onEncrypted()
{
    if (auto pinned = checkPin(); !pinned)
        return settle(Error{pinned.error()});
    m_socket->write(encodedRequest());
}

Result<void> AdminCall::checkPin() const
{
    const auto presented = NodeCertificate::peerNodeId(m_socket->peerCertificate());
    if (!presented)
        return fail(where() + QStringLiteral(": ") + presented.error());
    if (presented.value() != m_node.nodeId)
        return fail(
            QStringLiteral("expected node %1 at %2 but it presented node %3; the admin "
                           "token was not sent")
                .arg(m_node.nodeId.shortText(), m_node.endpointText(), presented->shortText()));
    return {};
}

QByteArray AdminCall::encodedRequest() const
{
    QByteArray out = m_request.method + ' ' + m_request.path + " HTTP/1.1\r\n";
    out += "Host: " + m_node.endpointText().toUtf8() + "\r\n";
    out += "Authorization: Bearer " + m_token + "\r\n";
    if (!m_request.body.isEmpty())
        out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + QByteArray::number(m_request.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    return out + m_request.body;
}

void AdminCall::onReadyRead()
{
    const auto status = m_reader.feed(m_socket->readAll());
    if (status == HttpResponseReader::Status::Invalid)
        settle(fail(where() + QStringLiteral(": ") + m_reader.error()));
    else if (status == HttpResponseReader::Status::Complete)
        settle(replyFrom(m_reader));
}

void AdminCall::onSocketError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError)
        return onDisconnected();
    settle(fail(QStringLiteral("%1: %2").arg(where(), m_socket->errorString())));
}

void AdminCall::onDisconnected()
{
    onReadyRead();
    settle(fail(where() + QStringLiteral(" closed the connection before answering")));
}

void AdminCall::settle(const Result<AdminReply> &result)
{
    if (m_settled)
        return;
    m_settled = true;
    m_deadline.stop();
    m_socket->disconnect(this);
    m_socket->abort();
    m_promise.addResult(result);
    m_promise.finish();
    deleteLater();
}

QString AdminCall::where() const
{
    return QStringLiteral("admin API at ") + m_node.endpointText();
}

} // namespace streamsync
