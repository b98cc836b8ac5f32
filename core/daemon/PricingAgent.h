#pragma once

#include "daemon/MarketSettings.h"
#include "market/PricingStrategy.h"

#include <QByteArray>

#include <functional>
#include <optional>

namespace streamsync {

class Clock;
class Ledger;
class MarketActions;

// What `run --offer-price --bond --strategy` asks the node to do for itself in the market, on
// the daemon's ticks once the ledger is current:
// - the first offer, if the node has none (in the ledger or its own feed) and --offer-price;
// - a bond of --bond, once, when nothing is bonded and the balance covers it (the genesis that
//   funds the node may arrive by gossip after the start, so this waits for it);
// - re-pricing by the strategy at the first tick and once per epoch after: the others' current
//   offers go into PricingStrategy::next, seeded by the node's seed and the epoch, and a new
//   offer is signed only when the price changed.
class PricingAgent
{
public:
    using FreeBytes = std::function<qint64()>;

    PricingAgent(const Ledger &ledger, MarketActions &actions, QByteArray self,
                 MarketSettings settings, quint64 seed, FreeBytes freeBytes);

    // Returns true when it appended an event (the ledger should take it in).
    bool tick(qint64 nowMs);

private:
    bool offerFirst();
    bool bondOnce();
    bool reprice(qint64 epoch);
    std::optional<PricePair> ownPrice() const;
    PricingStrategy::Input input(const PricePair &own) const;
    bool publish(const PricePair &price, const char *why);

    const Ledger &m_ledger;
    MarketActions &m_actions;
    QByteArray m_self;
    MarketSettings m_settings;
    quint64 m_seed;
    FreeBytes m_freeBytes;
    bool m_offered = false;
    bool m_bonded = false;
    std::optional<qint64> m_pricedEpoch;
    // The last offer this node signed (price, offer_seq): the ledger may not have folded it yet.
    std::optional<PricePair> m_signed;
    qint64 m_signedSeq = 0;
};

} // namespace streamsync
