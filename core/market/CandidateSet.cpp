#include "market/CandidateSet.h"

#include "market/Weighting.h"

#include <QSet>

#include <algorithm>

namespace streamsync {

namespace {

bool byPriceThenId(const Candidate &a, const Candidate &b)
{
    if (a.pricePerQuery != b.pricePerQuery)
        return a.pricePerQuery < b.pricePerQuery;
    return a.node.bytes() < b.node.bytes();
}

// Validates every candidate (an invalid one refuses the whole set: it is a bug upstream, in
// offer or reputation intake, that must not be hidden) and keeps those that can serve.
Result<QList<Candidate>> eligible(const QList<Candidate> &candidates)
{
    QList<Candidate> kept;
    kept.reserve(candidates.size());
    QSet<QByteArray> seen;
    seen.reserve(candidates.size());
    for (const Candidate &c : candidates) {
        if (auto valid = c.validate(); !valid)
            return fail(valid.error());
        if (seen.contains(c.node.bytes()))
            return fail(QStringLiteral("node %1 is listed twice").arg(c.node.shortText()));
        seen.insert(c.node.bytes());
        if (c.online && c.holdsContent)
            kept.append(c);
    }
    std::sort(kept.begin(), kept.end(), byPriceThenId);
    return kept;
}

} // namespace

Result<CandidateSet> CandidateSet::build(const QList<Candidate> &candidates,
                                         const Parameters &params)
{
    if (auto valid = params.validate(); !valid)
        return fail(valid.error());
    auto kept = eligible(candidates);
    if (!kept)
        return fail(kept.error());

    CandidateSet set;
    set.m_k = params.selectionK;
    set.m_candidates = std::move(kept).value();
    const size_t n = size_t(set.m_candidates.size());
    set.m_prices.reserve(n);
    set.m_quality.reserve(n);
    set.m_weights.reserve(n);
    set.m_positiveBefore.reserve(n + 1);
    set.m_positiveBefore.push_back(0);
    for (const Candidate &c : std::as_const(set.m_candidates)) {
        const double q = Weighting::quality(c, params);
        const double factor = Weighting::priceFactor(set.m_candidates.first().pricePerQuery,
                                                     c.pricePerQuery, params.priceElasticityMilli);
        set.m_prices.push_back(c.pricePerQuery.micro());
        set.m_quality.push_back(q);
        set.m_weights.push_back(Weighting::weight(q, factor));
        set.m_positiveBefore.push_back(set.m_positiveBefore.back() +
                                       (set.m_weights.back() > 0.0 ? 1 : 0));
    }
    return set;
}

Money CandidateSet::cheapestPrice() const
{
    return m_prices.empty() ? Money() : Money::fromMicro(m_prices.front());
}

qsizetype CandidateSet::countAtOrBelow(Money maxPrice) const
{
    return qsizetype(std::upper_bound(m_prices.begin(), m_prices.end(), maxPrice.micro()) -
                     m_prices.begin());
}

qsizetype CandidateSet::positiveAmongFirst(qsizetype count) const
{
    return m_positiveBefore[size_t(std::clamp<qsizetype>(count, 0, size()))];
}

} // namespace streamsync
