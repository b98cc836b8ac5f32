#pragma once

#include "market/Candidate.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QList>

#include <vector>

namespace streamsync {

// The nodes that may serve one piece of content, prepared once so that each query's selection
// costs only the sampling: invalid candidates refused, offline ones and those not holding the
// content dropped, the rest sorted by (price, node id), and quality and weight computed.
//
// Sorting by price makes "price ≤ the customer's maximum" a prefix of the set, and the cheapest
// candidate is the same for every maximum that admits anyone, so the weights do not depend on the
// query. Sorting by node id on ties makes a selection independent of the order the caller listed
// the candidates in.
class CandidateSet
{
public:
    CandidateSet() = default;
    static Result<CandidateSet> build(const QList<Candidate> &candidates, const Parameters &params);

    qsizetype size() const { return qsizetype(m_weights.size()); }
    qint64 k() const { return m_k; }
    const Candidate &candidate(qsizetype index) const { return m_candidates[index]; }
    double quality(qsizetype index) const { return m_quality[size_t(index)]; }
    double weight(qsizetype index) const { return m_weights[size_t(index)]; }
    const std::vector<double> &weights() const { return m_weights; }
    // The cheapest price of the set; zero when the set is empty.
    Money cheapestPrice() const;

    // How many candidates ask at most maxPrice: they are the first ones of the set.
    qsizetype countAtOrBelow(Money maxPrice) const;
    // How many of the first `count` candidates have a positive weight.
    qsizetype positiveAmongFirst(qsizetype count) const;

private:
    QList<Candidate> m_candidates;
    std::vector<qint64> m_prices;
    std::vector<double> m_quality;
    std::vector<double> m_weights;
    std::vector<qsizetype> m_positiveBefore; // m_positiveBefore[i]: positives among [0, i)
    qint64 m_k = 0;
};

} // namespace streamsync
