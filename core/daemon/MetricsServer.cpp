#include "daemon/MetricsServer.h"

#include "daemon/ApiLog.h"
#include "daemon/MetricsRegistry.h"

namespace streamsync {

namespace {

constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

HttpLimits metricsLimits()
{
    HttpLimits limits;
    limits.maxBodyBytes = 0; // a scrape is a GET
    limits.requestTimeout = std::chrono::milliseconds(5'000);
    return limits;
}

} // namespace

MetricsServer::MetricsServer(MetricsRegistry &registry, QObject *parent)
    : QObject(parent), m_registry(registry),
      m_http(metricsLimits(), [this](const HttpRequest &request) { return handle(request); })
{}

Result<void> MetricsServer::start(const ServeEndpoint &endpoint)
{
    const auto address = endpoint.bindAddress(QStringLiteral("--metrics-allow-remote"));
    if (!address)
        return Error{address.error()};
    if (auto started = m_http.start(address.value(), endpoint.address->port); !started)
        return fail(QStringLiteral("metrics: ") + started.error());
    m_shown = *endpoint.address;
    m_shown.port = m_http.serverPort();
    qCInfo(lcMetrics).noquote() << "serving metrics on" << endpointText();
    return {};
}

void MetricsServer::close()
{
    m_http.shutdown();
}

QString MetricsServer::endpointText() const
{
    return m_shown.endpointText();
}

HttpResponse MetricsServer::handle(const HttpRequest &request)
{
    if (request.path != "/metrics")
        return HttpResponse::text(404, "not found; metrics are at /metrics\n");
    if (request.method != "GET") {
        HttpResponse refused = HttpResponse::text(405, "only GET is allowed\n");
        refused.headers.append({QByteArray("Allow"), QByteArray("GET")});
        return refused;
    }
    Q_EMIT collecting();
    return {200, QByteArray(kContentType), m_registry.exposition(), {}};
}

} // namespace streamsync
