#pragma once

#include "log/Event.h"
#include "market/PricingStrategy.h"
#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QCborMap>

namespace streamsync {

class Clock;
class NodeHome;

// The market events a node signs into its own feed (docs/market.md "Bodies"): offers, bond and
// unbond, vouchers and epoch closes. Used by the daemon (strategies, vouchers, closes), the
// admin API and the `offer`/`bond`/`unbond` commands, which may run while a daemon runs: every
// append reads the feed's head and writes the next event in one IMMEDIATE transaction, so two
// processes appending to one folder wait for each other and never fork the feed.
//
// An offer's offer_seq is the feed seq the offer lands at: it only grows, whoever appends, so
// a newer offer always supersedes the older one (the ledger refuses a non-increasing offer_seq).
class MarketActions
{
public:
    MarketActions(NodeHome &home, const Parameters &params, const Clock &clock);

    // Refuses prices outside the network's bounds, naming them: price_query in
    // [1, maxPricePerQuery], price_gb_month in [0, maxPricePerGbMonth].
    static Result<void> checkPrices(const PricePair &prices, const Parameters &params);

    Result<Event> offer(const PricePair &prices, qint64 freeBytes);
    Result<Event> bond(Money amount);
    Result<Event> unbond(Money amount);
    // Any other body of the node's own feed (vouchers, epoch closes).
    Result<Event> append(EventKind kind, const QCborMap &body);

private:
    Result<Event> stake(EventKind kind, Money amount);

    NodeHome &m_home;
    Parameters m_params;
    const Clock &m_clock;
};

} // namespace streamsync
