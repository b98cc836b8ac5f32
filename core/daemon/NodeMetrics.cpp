#include "daemon/NodeMetrics.h"

#include "gossip/GossipMetrics.h"
#include "log/EventStore.h"
#include "node/NodeHome.h"

#include <limits>

namespace streamsync {

namespace {

using Type = MetricsRegistry::Type;
using Labels = MetricsRegistry::Labels;

// From a cache hit on loopback (~1 ms) to a slow disk on a loaded desktop (10 s).
const QList<double> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                    0.25,  0.5,    1,     2.5,  5,     10};

const QStringList kSources{QStringLiteral("fees"), QStringLiteral("dividend"),
                           QStringLiteral("subsidy")};
const QStringList kComponents{QStringLiteral("performance"), QStringLiteral("accuracy"),
                              QStringLiteral("uptime"), QStringLiteral("stake")};

QList<Labels> labelSets(const QString &name, const QStringList &values)
{
    QList<Labels> sets;
    for (const QString &value : values)
        sets.append(Labels{{name, value}});
    return sets;
}

void declareStorage(MetricsRegistry &r)
{
    r.declare({metric::kStoredBytes, Type::Gauge, QStringLiteral("Bytes of chunks stored."), {}});
    r.declare({metric::kQuotaBytes,
               Type::Gauge,
               QStringLiteral("Bytes the operator allows the node to store."),
               {}});
    r.declare(
        {metric::kQueriesServed, Type::Counter, QStringLiteral("Queries this node answered."), {}});
    r.declare({metric::kQueriesWon,
               Type::Counter,
               QStringLiteral("Query races this node won (answered first and was paid)."),
               {}});
    r.declare({metric::kQueryLatency, Type::Histogram,
               QStringLiteral("Seconds from a query's arrival to the last byte of its answer."),
               kLatencyBuckets});
}

void declareEconomics(MetricsRegistry &r)
{
    r.declare(
        {metric::kEarnings,
         Type::Counter,
         QStringLiteral("Micro-credits earned, by source (fees: the node's 50% share of "
                        "fees; dividend: co-op pool payouts; subsidy: token subsidy), from the "
                        "node's ledger (issue 5); always 0 without --network."),
         {},
         labelSets(metric::kSource, kSources)});
    r.declare({metric::kReputation,
               Type::Gauge,
               QStringLiteral("Reputation terms in [0,1] that weigh selection (DESIGN 3). "
                              "From the node's ledger (issue 5). Placeholder: NaN (not known) "
                              "without --network."),
               {},
               labelSets(metric::kComponent, kComponents)});
    r.declare({metric::kStake,
               Type::Gauge,
               QStringLiteral("Micro-credits bonded as stake, from the node's ledger (issue "
                              "5); always 0 without --network."),
               {}});
}

void declareGossip(MetricsRegistry &r)
{
    r.declare({metric::kPeers,
               Type::Gauge,
               QStringLiteral("Peers connected and taking part in gossip."),
               {}});
    r.declare({metric::kGossipLag,
               Type::Gauge,
               QStringLiteral("Seconds since the last new event arrived while a connected peer "
                              "holds events this node lacks; 0 when caught up with every peer."),
               {}});
    r.declare({metric::kGossipBehind,
               Type::Gauge,
               QStringLiteral("Most events any connected peer holds beyond this node on one "
                              "feed, from its latest heads."),
               {}});
    r.declare({metric::kLogEvents,
               Type::Gauge,
               QStringLiteral("Signed events in this node's copy of the log."),
               {}});
}

} // namespace

void declareNodeMetrics(MetricsRegistry &registry)
{
    declareStorage(registry);
    declareEconomics(registry);
    declareGossip(registry);
    for (const Labels &component : labelSets(metric::kComponent, kComponents))
        registry.setGauge(metric::kReputation, std::numeric_limits<double>::quiet_NaN(), component);
}

void collectNodeMetrics(MetricsRegistry &registry, NodeHome &home, const GossipMetrics &gossip,
                        qint64 nowMs, qint64 startedMs)
{
    if (const auto record = home.record()) {
        registry.setGauge(metric::kStoredBytes, double(record->usedBytes));
        registry.setGauge(metric::kQuotaBytes, double(record->quotaBytes));
    }
    if (const auto events = home.log().eventCount())
        registry.setGauge(metric::kLogEvents, double(*events));
    registry.setGauge(metric::kPeers, gossip.peers);
    registry.setGauge(metric::kGossipBehind, double(gossip.maxHeadLead));
    // Behind since the last event that arrived, or since the start if none has yet.
    const qint64 since = qMax(gossip.lastNewEventMs, startedMs);
    const double lag = gossip.maxHeadLead > 0 ? double(qMax<qint64>(nowMs - since, 0)) / 1000 : 0;
    registry.setGauge(metric::kGossipLag, lag);
}

} // namespace streamsync
