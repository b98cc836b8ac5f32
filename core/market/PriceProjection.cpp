#include "market/PriceProjection.h"

#include "market/Rewards.h"
#include "market/Weighting.h"

#include <algorithm>
#include <limits>

namespace streamsync {

namespace {

__extension__ typedef unsigned __int128 Uint128;

// The win share in fixed point (2^-40 ≈ 1e-12 steps, always rounded down), so the money side
// of the projection is integer arithmetic like every other amount.
constexpr int kShareBits = 40;

// floor(queries · share · amount), or an error if it does not fit in µcr.
Result<Money> expectedAmount(qint64 queries, double share, Money amount)
{
    const Uint128 shareFixed = Uint128(std::clamp(share, 0.0, 1.0) * double(1ULL << kShareBits));
    Uint128 scaled = 0;
    if (__builtin_mul_overflow(Uint128(quint64(queries)) * shareFixed, Uint128(amount.micro()),
                               &scaled) ||
        (scaled >> kShareBits) > Uint128(std::numeric_limits<qint64>::max()))
        return fail(QStringLiteral("the projected amount does not fit in 64-bit micro-credits"));
    return Money::fromMicro(qint64(scaled >> kShareBits));
}

} // namespace

PriceProjection::PriceProjection(CandidateSet competitors, const Parameters &params,
                                 double ownQuality, Money customerMaxPrice)
    : m_competitors(std::move(competitors)), m_params(params), m_ownQuality(ownQuality),
      m_customerMax(customerMaxPrice)
{
    m_eligible = m_competitors.countAtOrBelow(customerMaxPrice);
    m_positive = m_competitors.positiveAmongFirst(m_eligible);
    std::vector<double> positive;
    positive.reserve(size_t(m_positive));
    for (qsizetype i = 0; i < m_eligible; ++i) {
        if (m_competitors.weight(i) > 0.0)
            positive.push_back(m_competitors.weight(i));
    }
    m_model.emplace(positive, params.selectionK);
}

Result<PriceProjection> PriceProjection::build(const QList<Candidate> &market, const Candidate &own,
                                               const Parameters &params, Money customerMaxPrice)
{
    Candidate scores = own;
    scores.pricePerQuery = Money::fromMicro(1); // the own price varies by point
    if (auto valid = scores.validate(); !valid)
        return fail(valid.error());
    QList<Candidate> competitors;
    competitors.reserve(market.size());
    for (const Candidate &c : market) {
        if (c.node != own.node)
            competitors.append(c);
    }
    auto set = CandidateSet::build(competitors, params);
    if (!set)
        return fail(set.error());
    return PriceProjection(std::move(set).value(), params, Weighting::quality(scores, params),
                           customerMaxPrice);
}

double PriceProjection::selectionProbability(Money price) const
{
    if (m_eligible == 0)
        return 1.0;
    const double ownWeight =
        Weighting::weight(m_ownQuality, Weighting::priceFactor(m_competitors.cheapestPrice(), price,
                                                               m_params.priceElasticityMilli));
    if (ownWeight > 0.0)
        return m_model->probability(ownWeight);
    // Zero weight: only the places positive weights leave, shared evenly among zero weights.
    const qsizetype open = std::max<qsizetype>(0, qsizetype(m_params.selectionK) - m_positive);
    const qsizetype zeros = m_eligible - m_positive + 1;
    return std::min(1.0, double(open) / double(zeros));
}

Result<ProjectionPoint> PriceProjection::at(Money price, qint64 queriesPerEpoch) const
{
    if (price.micro() < 1)
        return fail(QStringLiteral("prices must be at least 1 µcr, not %1").arg(price.toString()));
    if (queriesPerEpoch < 0)
        return fail(QStringLiteral("demand cannot be negative (%1)").arg(queriesPerEpoch));
    ProjectionPoint point;
    point.price = price;
    point.withinCustomerMax = price <= m_customerMax;
    if (!point.withinCustomerMax)
        return point;
    point.selectionProbability = selectionProbability(price);
    const qsizetype raced = std::min<qsizetype>(m_params.selectionK, m_eligible + 1);
    point.winShare = point.selectionProbability / double(raced);
    point.expectedQueriesWon = double(queriesPerEpoch) * point.winShare;
    const auto split = Rewards::splitFee(price, m_params);
    if (!split)
        return fail(split.error());
    const auto fees = expectedAmount(queriesPerEpoch, point.winShare, price);
    const auto earnings = expectedAmount(queriesPerEpoch, point.winShare, split->operatorShare);
    if (!fees || !earnings)
        return fail(fees ? earnings.error() : fees.error());
    point.expectedFees = fees.value();
    point.expectedEarnings = earnings.value();
    return point;
}

Result<QList<ProjectionPoint>> PriceProjection::curve(const QList<Money> &prices,
                                                      qint64 queriesPerEpoch) const
{
    QList<ProjectionPoint> points;
    points.reserve(prices.size());
    for (Money price : prices) {
        auto point = at(price, queriesPerEpoch);
        if (!point)
            return fail(point.error());
        points.append(std::move(point).value());
    }
    return points;
}

} // namespace streamsync
