#pragma once

#include "market/CandidateSet.h"
#include "market/InclusionModel.h"

#include <QList>

#include <optional>

namespace streamsync {

// What one own price would earn against the current market, per epoch.
struct ProjectionPoint
{
    Money price;
    bool withinCustomerMax = false;    // false: no customer would consider the node at this price
    double selectionProbability = 0.0; // P(among the k raced) per query
    double winShare = 0.0;             // P(selected and wins the race) per query
    double expectedQueriesWon = 0.0;   // demand · winShare
    Money expectedFees;                // gross fees, rounded down
    Money expectedEarnings;            // the operator's part of them, rounded down
};

// The console's price curve (issue #5), built on the same weight formula and sampling rule as
// Selection. Prepared once per market snapshot (competitors and own scores); each price point
// is then a few µs.
//
// Win share = P(selected) · P(win | selected). P(selected) is InclusionModel's (exact up to its
// grid). P(win | selected) = 1 / min(k, number of candidates): the race is decided by latency,
// which the log does not model per query, so the raced nodes are taken as equally likely to
// answer first. With this, the win shares of all nodes of a market add up to 1 per query.
// Weights are normalised by the cheapest competitor instead of the cheapest candidate: the
// sampling is invariant to scaling all weights, so the own price can move freely.
class PriceProjection
{
public:
    // `market` may include the own node (matched by id); it is left out of the competitors.
    static Result<PriceProjection> build(const QList<Candidate> &market, const Candidate &own,
                                         const Parameters &params, Money customerMaxPrice);

    // Expected fees = floor(demand · winShare · price); earnings use the operator's part of
    // each fee (Rewards::splitFee), so they are what the fee split would really pay.
    Result<ProjectionPoint> at(Money price, qint64 queriesPerEpoch) const;
    Result<QList<ProjectionPoint>> curve(const QList<Money> &prices, qint64 queriesPerEpoch) const;

    qsizetype competitorCount() const { return m_eligible; }

private:
    PriceProjection(CandidateSet competitors, const Parameters &params, double ownQuality,
                    Money customerMaxPrice);
    double selectionProbability(Money price) const;

    CandidateSet m_competitors;
    Parameters m_params;
    double m_ownQuality = 0.0;
    Money m_customerMax;
    qsizetype m_eligible = 0; // competitors within the customer's maximum
    qsizetype m_positive = 0; // of which with a positive weight
    std::optional<InclusionModel> m_model;
};

} // namespace streamsync
