#pragma once

#include "daemon/MetricsRegistry.h"

#include <QString>

namespace streamsync {

class NodeHome;
struct GossipMetrics;

// The node's metric names (Prometheus conventions: base units, `_total` for counters) and who
// updates each:
//   stored_bytes            gauge      the daemon, at each scrape, from the node record's used
//   quota_bytes             gauge      bytes and quota (which StorageService keeps current)
//   queries_served_total    counter    the storage service, per query answered
//   queries_won_total       counter    the storage service, per race won (paid)
//   query_latency_seconds   histogram  the storage service, per query answered
//   earnings_microcredits_total{source}  counter  the node's ledger (issue 5); 0 without --network
//   reputation{component}   gauge      the node's ledger; NaN ("not known") without --network
//   stake_microcredits      gauge      the node's ledger; 0 without --network
//   peers, gossip_*, log_events  gauge the daemon, at each scrape
namespace metric {

inline const QString kStoredBytes = QStringLiteral("streamsync_stored_bytes");
inline const QString kQuotaBytes = QStringLiteral("streamsync_quota_bytes");
inline const QString kQueriesServed = QStringLiteral("streamsync_queries_served_total");
inline const QString kQueriesWon = QStringLiteral("streamsync_queries_won_total");
inline const QString kQueryLatency = QStringLiteral("streamsync_query_latency_seconds");
inline const QString kEarnings = QStringLiteral("streamsync_earnings_microcredits_total");
inline const QString kReputation = QStringLiteral("streamsync_reputation");
inline const QString kStake = QStringLiteral("streamsync_stake_microcredits");
inline const QString kPeers = QStringLiteral("streamsync_peers");
inline const QString kGossipLag = QStringLiteral("streamsync_gossip_lag_seconds");
inline const QString kGossipBehind = QStringLiteral("streamsync_gossip_behind_events");
inline const QString kLogEvents = QStringLiteral("streamsync_log_events");

// Label values: earnings{source=...} and reputation{component=...}.
inline const QString kSource = QStringLiteral("source");
inline const QString kComponent = QStringLiteral("component");

} // namespace metric

// Declares every metric above, with its HELP text and initial series.
void declareNodeMetrics(MetricsRegistry &registry);

// Refreshes what the daemon reads itself (stored, quota, peers, gossip, log size) just before a
// scrape. `startedMs`: when the daemon started, the origin of the gossip lag before any event
// arrived.
void collectNodeMetrics(MetricsRegistry &registry, NodeHome &home, const GossipMetrics &gossip,
                        qint64 nowMs, qint64 startedMs);

} // namespace streamsync
