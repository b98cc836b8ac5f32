#pragma once

#include "daemon/AdminMarket.h"
#include "daemon/OperatorEndpointOptions.h"
#include "gossip/GossipMetrics.h"
#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace streamsync {

class AdminServer;
class Clock;
class MetricsRegistry;
class MetricsServer;
class NodeCertificate;
class NodeHome;

// The daemon's endpoints for operators rather than peers: the Prometheus metrics server and the
// admin API, each off unless asked for. Kept apart from NodeDaemon so the daemon only starts
// and stops them. Refreshes the gauges the daemon reads itself (quota, peers, gossip, log size)
// before every scrape.
class OperatorEndpoints : public QObject
{
    Q_OBJECT

public:
    using GossipSource = std::function<GossipMetrics()>;

    OperatorEndpoints(MetricsRegistry &registry, NodeHome &home, const Clock &clock,
                      GossipSource gossip, QObject *parent = nullptr);
    ~OperatorEndpoints() override;

    // Binds what the options enable; `identity` is the admin API's TLS certificate. Either
    // both that were asked for listen, or an error says which could not.
    Result<void> start(const OperatorEndpointOptions &options, const NodeCertificate &identity);
    // Stops listening and drops open requests.
    void close();
    // The admin API serves the market endpoints from now on (when it runs).
    void setMarket(const AdminMarket &market);

    // "HOST:PORT" each listens on, empty when off.
    QString metricsText() const;
    QString adminText() const;

Q_SIGNALS:
    // The operator moved the node to `state` through the admin API.
    void lifecycleChanged(streamsync::LifecycleState state);

private:
    Result<void> startMetrics(const ServeEndpoint &endpoint);
    Result<void> startAdmin(const OperatorEndpointOptions &options,
                            const NodeCertificate &identity);
    void collect();

    MetricsRegistry &m_registry;
    NodeHome &m_home;
    const Clock &m_clock;
    GossipSource m_gossip;
    qint64 m_startedMs = 0;
    std::unique_ptr<MetricsServer> m_metrics;
    std::unique_ptr<AdminServer> m_admin;
};

} // namespace streamsync
