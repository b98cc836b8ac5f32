#pragma once

#include "daemon/HttpServer.h"
#include "daemon/ServeEndpoint.h"
#include "util/Result.h"

#include <QObject>

namespace streamsync {

class MetricsRegistry;

// `GET /metrics` in the Prometheus text exposition format 0.0.4, over plain HTTP/1.1 (the
// format's usual transport; the data is counters, not secrets, and the endpoint is loopback
// only unless the operator allows more). Any other path is 404, any other method on /metrics
// 405, and nothing but a bodiless GET is accepted.
class MetricsServer : public QObject
{
    Q_OBJECT

public:
    explicit MetricsServer(MetricsRegistry &registry, QObject *parent = nullptr);

    // Refuses a non-loopback address unless the endpoint allows remote clients.
    Result<void> start(const ServeEndpoint &endpoint);
    void close();
    bool isListening() const { return m_http.isListening(); }
    // "HOST:PORT" actually listened on.
    QString endpointText() const;

Q_SIGNALS:
    // Emitted just before each scrape is rendered: connect directly and refresh the gauges
    // that are read rather than pushed.
    void collecting();

private:
    HttpResponse handle(const HttpRequest &request);

    MetricsRegistry &m_registry;
    HttpServer m_http;
    PeerAddress m_shown;
};

} // namespace streamsync
