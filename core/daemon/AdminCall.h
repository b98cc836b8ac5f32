#pragma once

#include "daemon/HttpResponseReader.h"
#include "daemon/PeerAddress.h"
#include "util/Result.h"

#include <QAbstractSocket>
#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QPromise>
#include <QTimer>

#include <chrono>

class QSslSocket;

namespace streamsync {

// What the admin API answered: the HTTP status and its JSON object.
struct AdminReply
{
    int status = 0;
    QJsonObject json;
};

// One request to a node's admin API (AdminClient makes these): connects with TLS 1.3, checks
// that the certificate is the pinned node's before anything is sent (so the token never
// reaches an impostor), sends the request with the bearer token and reads the answer. The
// future always finishes, with an error for a refused pin, a timeout, a dropped connection or a
// malformed answer. The call deletes itself once finished.
class AdminCall : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray body; // JSON, or empty
    };

    AdminCall(PeerAddress node, QByteArray token, Request request,
              std::chrono::milliseconds timeout, QObject *parent = nullptr);
    // A call dropped before its answer finishes its future with an error.
    ~AdminCall() override;

    QFuture<Result<AdminReply>> start();

private:
    void configureSocket();
    void onEncrypted();
    Result<void> checkPin() const;
    QByteArray encodedRequest() const;
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void settle(const Result<AdminReply> &result);
    QString where() const;

    PeerAddress m_node;
    QByteArray m_token;
    Request m_request;
    std::chrono::milliseconds m_timeout;
    QSslSocket *m_socket;
    HttpResponseReader m_reader;
    QTimer m_deadline;
    QPromise<Result<AdminReply>> m_promise;
    bool m_settled = false;
};

} // namespace streamsync
