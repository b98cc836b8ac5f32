#pragma once

#include "net/MarketMessages.h"
#include "util/Result.h"

#include <QByteArray>
#include <QJsonObject>

namespace streamsync {

class Ledger;

// What a node tells others about the ledger it keeps: the market for customers (market_reply)
// and the operator's summary of its own node (GET /v1/ledger/summary). Money is µcr in integers
// (JSON numbers, exact below 2^53); scores are parts per million, so two nodes holding the same
// log answer alike.
class LedgerSummary
{
public:
    // Every node with a current offer: its prices, reputation at `nowMs`, stake, online.
    static Result<wire::MarketReply> market(const Ledger &ledger, qint64 nowMs);

    // {"node", "now_ms", "epoch", "last_closed_epoch", "balance", "bonded", "unbonding",
    //  "earnings": {"this_epoch": {fees, dividend, subsidy}, "total": {...}},
    //  "reputation": {performance_ppm, accuracy_ppm, uptime_ppm, stake_term_ppm,
    //                 accuracy_permille, p90_latency_ms, race_samples, accuracy_samples},
    //  "suspended", "suspension_threshold_permille", "offer": {...} or null, "receipts_kept"}
    static Result<QJsonObject> node(const Ledger &ledger, const QByteArray &self, qint64 nowMs,
                                    qint64 receiptsKept);

    // A score in [0, 1] in parts per million, rounded.
    static qint64 ppm(double score);
};

} // namespace streamsync
