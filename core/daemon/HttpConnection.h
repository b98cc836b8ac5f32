#pragma once

#include "daemon/HttpLimits.h"
#include "daemon/HttpRequestParser.h"
#include "daemon/HttpResponse.h"

#include <QAbstractSocket>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace streamsync {

// One client of an HttpServer: reads a single request under the server's limits (a malformed,
// oversized or slow one is answered with its 4xx/5xx status here and never reaches a handler),
// hands it out with requestReceived(), writes the one response and closes. The deadline runs
// from accept, so it also bounds a TLS handshake that never finishes.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    // Takes ownership of `socket` (already connected, or starting its server-side TLS).
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Writes the response and closes once it is sent. Only the first call counts.
    void respond(const HttpResponse &response);
    void abort();
    const QString &peer() const { return m_peer; }

Q_SIGNALS:
    // Connect directly and call respond() from the slot.
    void requestReceived(const streamsync::HttpRequest &request);
    // The connection is done (answered, refused, timed out or dropped); delete it later.
    void finished();

private:
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void onTimeout();
    void refuse(int status, const QString &reason);
    void finish();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    HttpRequestParser m_parser;
    QTimer m_deadline;
    QString m_peer;
    bool m_responded = false;
    bool m_finished = false;
};

} // namespace streamsync
