#pragma once

#include "daemon/HttpLimits.h"
#include "daemon/HttpRequest.h"
#include "daemon/HttpResponse.h"
#include "util/Result.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <optional>

namespace streamsync {

// A small HTTP/1.1 server for the node's operator endpoints: one request per connection, each
// bounded by HttpLimits, answered synchronously by the handler on this thread. With TLS set,
// every accepted socket runs a server-side handshake first (the descriptor is taken here, as in
// PeerServer, so the handshake falls under the connection's deadline). Connections are children
// of the server and are deleted after they finish.
class HttpServer : public QTcpServer
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    HttpServer(const HttpLimits &limits, Handler handler, QObject *parent = nullptr);

    void setTls(const QSslConfiguration &configuration) { m_tls = configuration; }
    Result<void> start(const QHostAddress &address, quint16 port);
    // Stops listening and drops every open connection.
    void shutdown();
    int connectionCount() const { return m_connections; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    QTcpSocket *takeSocket(qintptr socketDescriptor);

    HttpLimits m_limits;
    Handler m_handler;
    std::optional<QSslConfiguration> m_tls;
    int m_connections = 0;
};

} // namespace streamsync
