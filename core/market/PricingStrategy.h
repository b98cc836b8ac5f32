#pragma once

#include "money/Money.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace streamsync {

// A node's two prices, µcr per query and µcr per GB-month.
struct PricePair
{
    Money query;
    Money gbMonth;

    friend bool operator==(const PricePair &a, const PricePair &b)
    {
        return a.query == b.query && a.gbMonth == b.gbMonth;
    }
    friend bool operator!=(const PricePair &a, const PricePair &b) { return !(a == b); }
};

// How a competitor node of the local network sets its prices each epoch (DESIGN §8: "varied
// pricing strategies"). Pure: the next price is a function of the inputs and the seed only, so a
// local network replays and tests can pin every step. All arithmetic is integer µcr; shares are
// rounded down.
//
//   fixed     keeps its price
//   undercut  5% under the median of the others' prices, never under the cost floor
//   premium   30% over the median of the others' prices
//   walk      a random step of at most ±5% (at least 1 µcr) from its own price
//   archive   a storage specialist: half the others' median per query (never under the cost
//             floor) and 5% under the cheapest GB-month price of the others
//
// Every strategy applies to both prices (the GB-month price with its own floor); with no other
// offer in the market, the market-following strategies keep their price. The result is always
// clamped to [max(1, floor), maxQuery] per query and [floor, maxGbMonth] per GB-month (free
// storage is allowed by the rules, a free query is not).
class PricingStrategy
{
public:
    enum class Kind { Fixed, Undercut, Premium, Walk, Archive };

    struct Input
    {
        QList<PricePair> others; // the other nodes' current offers
        PricePair own;           // this node's last price
        PricePair costFloor;     // never price under this, whatever the strategy
        Money maxQuery;          // Parameters::maxPricePerQuery
        Money maxGbMonth;        // Parameters::maxPricePerGbMonth
    };

    static std::optional<Kind> fromString(const QString &name);
    static QString toString(Kind kind);
    // "fixed, undercut, premium, walk, archive", for usage messages.
    static QString names();

    static PricePair next(Kind kind, const Input &input, quint64 seed);

    // The median of `prices` (the lower middle one of an even count, so it is a real price);
    // nullopt when empty.
    static std::optional<Money> median(QList<Money> prices);
    // amount · percent / 100, rounded down, saturating instead of overflowing.
    static Money percentOf(Money amount, qint64 percent);

private:
    static PricePair follow(const Input &input, qint64 percentQuery, qint64 percentGbMonth);
    static PricePair walk(const Input &input, quint64 seed);
    static PricePair archive(const Input &input);
    static PricePair clamp(PricePair price, const Input &input);
};

} // namespace streamsync
