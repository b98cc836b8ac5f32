#include "customer/QuerySelector.h"

#include "customer/MarketView.h"
#include "customer/NodeLink.h"
#include "market/CandidateSet.h"
#include "market/Selection.h"
#include "net/MarketMessages.h"

#include <QSet>

namespace streamsync {

namespace {

double unit(qint64 ppm)
{
    return double(qBound<qint64>(0, ppm, wire::kPartsPerMillion)) / double(wire::kPartsPerMillion);
}

} // namespace

QuerySelector::QuerySelector(const MarketView &market, const Parameters &params, Money maxPrice,
                             quint64 seed)
    : m_market(market), m_params(params), m_maxPrice(maxPrice), m_random(seed)
{}

Result<QList<QuerySelector::Pick>> QuerySelector::pick(const QByteArray &objectId)
{
    QList<Candidate> candidates;
    QList<Pick> eligible;
    QSet<QByteArray> seen;
    for (NodeLink *link : m_market.holders(objectId)) {
        const wire::MarketCandidate *c = m_market.candidate(link->peer().nodeId);
        // No offer yet (price 0) or not online: not a candidate (docs/market.md "Suspension").
        if (!c || !c->online || c->priceQuery < 1 || link->isClosed() || seen.contains(c->node))
            continue;
        seen.insert(c->node);
        candidates.append(Candidate{link->peer().nodeId, Money::fromMicro(c->priceQuery),
                                    unit(c->performancePpm), unit(c->accuracyPpm),
                                    unit(c->uptimePpm), Money::fromMicro(c->stake), true, true});
        eligible.append(Pick{link, c->node, Money::fromMicro(c->priceQuery)});
    }
    if (eligible.isEmpty())
        return fail(QStringLiteral("no node that holds the object is online with an offer"));
    const auto set = CandidateSet::build(candidates, m_params);
    if (!set)
        return Error{set.error()};
    QList<Pick> picks;
    for (qsizetype index : Selection::pick(set.value(), m_maxPrice, m_random)) {
        const NodeId &node = set->candidate(index).node;
        for (const Pick &p : eligible) {
            if (p.link->peer().nodeId == node)
                picks.append(p);
        }
    }
    if (picks.isEmpty())
        return fail(QStringLiteral("every holder asks more than %1 µcr").arg(m_maxPrice.micro()));
    return picks;
}

} // namespace streamsync
