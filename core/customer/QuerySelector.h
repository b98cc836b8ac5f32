#pragma once

#include "market/SeededRandom.h"
#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

namespace streamsync {

class MarketView;
class NodeLink;

// Chooses whom one query is raced among (DESIGN §3 "Selection"): the connected nodes that hold
// the object, are listed online in the market with a valid offer, and ask at most the customer's
// maximum price; then k = selectionK of them by core/market/Selection (the weight formula, and
// Efraimidis–Spirakis sampling with the customer's seeded generator). Each chosen node comes with
// its key and the price it quoted, which is what it is paid if it wins.
class QuerySelector
{
public:
    struct Pick
    {
        NodeLink *link = nullptr;
        QByteArray nodeKey;
        Money price;
    };

    QuerySelector(const MarketView &market, const Parameters &params, Money maxPrice, quint64 seed);

    // An error says why no node can be raced ("no holder is online", ...).
    Result<QList<Pick>> pick(const QByteArray &objectId);
    Money maxPrice() const { return m_maxPrice; }

private:
    const MarketView &m_market;
    Parameters m_params;
    Money m_maxPrice;
    SeededRandom m_random;
};

} // namespace streamsync
