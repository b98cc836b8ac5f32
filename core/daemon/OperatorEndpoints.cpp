#include "daemon/OperatorEndpoints.h"

#include "daemon/AdminServer.h"
#include "daemon/AdminToken.h"
#include "daemon/MetricsRegistry.h"
#include "daemon/MetricsServer.h"
#include "daemon/NodeMetrics.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

namespace streamsync {

OperatorEndpoints::OperatorEndpoints(MetricsRegistry &registry, NodeHome &home, const Clock &clock,
                                     GossipSource gossip, QObject *parent)
    : QObject(parent), m_registry(registry), m_home(home), m_clock(clock),
      m_gossip(std::move(gossip)), m_startedMs(clock.nowMs())
{}

OperatorEndpoints::~OperatorEndpoints() = default;

Result<void> OperatorEndpoints::start(const OperatorEndpointOptions &options,
                                      const NodeCertificate &identity)
{
    if (options.metrics.enabled()) {
        if (auto started = startMetrics(options.metrics); !started)
            return started;
    }
    if (options.admin.enabled())
        return startAdmin(options, identity);
    return {};
}

Result<void> OperatorEndpoints::startMetrics(const ServeEndpoint &endpoint)
{
    m_metrics = std::make_unique<MetricsServer>(m_registry);
    connect(m_metrics.get(), &MetricsServer::collecting, this, &OperatorEndpoints::collect);
    return m_metrics->start(endpoint);
}

Result<void> OperatorEndpoints::startAdmin(const OperatorEndpointOptions &options,
                                           const NodeCertificate &identity)
{
    const QString tokenFile = options.adminTokenFile.isEmpty()
                                  ? AdminToken::defaultPath(m_home.dir())
                                  : options.adminTokenFile;
    auto token = AdminToken::load(tokenFile);
    if (!token)
        return Error{token.error()};
    m_admin = std::make_unique<AdminServer>(m_home, identity, std::move(token).value(),
                                            [this] { return m_gossip().peers; });
    connect(m_admin.get(), &AdminServer::lifecycleChanged, this,
            &OperatorEndpoints::lifecycleChanged);
    return m_admin->start(options.admin);
}

void OperatorEndpoints::close()
{
    if (m_metrics)
        m_metrics->close();
    if (m_admin)
        m_admin->close();
}

void OperatorEndpoints::setMarket(const AdminMarket &market)
{
    if (m_admin)
        m_admin->setMarket(market);
}

QString OperatorEndpoints::metricsText() const
{
    return m_metrics && m_metrics->isListening() ? m_metrics->endpointText() : QString();
}

QString OperatorEndpoints::adminText() const
{
    return m_admin && m_admin->isListening() ? m_admin->endpointText() : QString();
}

void OperatorEndpoints::collect()
{
    collectNodeMetrics(m_registry, m_home, m_gossip(), m_clock.nowMs(), m_startedMs);
}

} // namespace streamsync
