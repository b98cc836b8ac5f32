#pragma once

#include "market/PricingStrategy.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace streamsync {

// The admin API's market endpoints, served by the node's ledger when it runs with --network
// (LedgerService::adminMarket):
//   GET  /v1/ledger/summary  the node's money, stake, earnings, reputation and current offer
//   POST /v1/offer           {"price_query": µcr, "price_gb_month": µcr?, "free_bytes": n?}
//                            → 200 {"hash", "seq", "offer_seq", "price_query",
//                              "price_gb_month", "free_bytes"}
// AdminServer checks the request's shape and the prices against `params` (400 naming the
// bound); a handler's error is the node's (500).
struct AdminMarket
{
    struct OfferRequest
    {
        std::optional<Money> priceQuery;
        std::optional<Money> priceGbMonth; // default: the current offer's
        std::optional<qint64> freeBytes;   // default: what the store has free
    };

    Parameters params;
    std::function<Result<QJsonObject>()> summary;
    std::function<Result<QJsonObject>(const OfferRequest &request)> offer;

    bool enabled() const { return bool(summary) && bool(offer); }
};

} // namespace streamsync
