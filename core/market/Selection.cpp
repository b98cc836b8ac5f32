#include "market/Selection.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace streamsync {

namespace {

struct Keyed
{
    double key; // log(u)/w: the log of the Efraimidis–Spirakis key u^(1/w), always < 0
    qsizetype index;
};

// The k largest keys seen so far, with the smallest of them (the threshold) at hand.
class Reservoir
{
public:
    explicit Reservoir(size_t k) { m_items.reserve(k); }
    void add(Keyed item) { m_items.push_back(item); }
    size_t size() const { return m_items.size(); }
    double threshold() const { return m_items[m_min].key; }
    void replaceSmallest(Keyed item) { m_items[m_min] = item; }
    void findSmallest()
    {
        m_min = 0;
        for (size_t i = 1; i < m_items.size(); ++i) {
            if (m_items[i].key < m_items[m_min].key)
                m_min = i;
        }
    }
    QList<qsizetype> indices() const
    {
        QList<qsizetype> out;
        for (const Keyed &item : m_items)
            out.append(item.index);
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    std::vector<Keyed> m_items;
    size_t m_min = 0;
};

// Efraimidis–Spirakis with exponential jumps (A-ExpJ, same paper): the same distribution as
// drawing a key for every candidate and keeping the k largest, but only O(k·log(n/k)) random
// draws and logarithms; between draws it only adds weights. Keys are kept in log form
// (log(u)/w) so that small weights neither underflow u^(1/w) to 0 nor tie at 0.
QList<qsizetype> sampleByKeys(const std::vector<double> &w, qsizetype count, size_t k,
                              SeededRandom &random)
{
    Reservoir reservoir(k);
    qsizetype i = 0;
    for (; reservoir.size() < k; ++i) {
        if (w[size_t(i)] > 0.0)
            reservoir.add({std::log(random.nextOpenUnit()) / w[size_t(i)], i});
    }
    reservoir.findSmallest();
    double threshold = reservoir.threshold();
    // The weight to skip before the next candidate that enters: log(r) / log(T_w).
    double jump = std::log(random.nextOpenUnit()) / threshold;
    double skipped = 0.0;
    for (; i < count; ++i) {
        const double wi = w[size_t(i)];
        skipped += wi;
        if (skipped < jump)
            continue;
        // Its key is u^(1/w) for u uniform in (T_w^w, 1), so it beats the threshold:
        // log(u) = log1p(-(1 - T_w^w)·v), v uniform in (0, 1), accurate even when T_w^w ≈ 1.
        const double logU = std::log1p(std::expm1(wi * threshold) * random.nextOpenUnit());
        reservoir.replaceSmallest({logU / wi, i});
        reservoir.findSmallest();
        threshold = reservoir.threshold();
        jump = std::log(random.nextOpenUnit()) / threshold;
        skipped = 0.0;
    }
    return reservoir.indices();
}

// All positive-weight candidates, then zero-weight ones drawn uniformly (partial Fisher–Yates).
QList<qsizetype> fillWithZeroWeights(const std::vector<double> &w, qsizetype count, qsizetype k,
                                     SeededRandom &random)
{
    QList<qsizetype> chosen;
    QList<qsizetype> zeros;
    for (qsizetype i = 0; i < count; ++i)
        (w[size_t(i)] > 0.0 ? chosen : zeros).append(i);
    const qsizetype missing = std::min(k - chosen.size(), zeros.size());
    for (qsizetype j = 0; j < missing; ++j) {
        const qsizetype pickAt = j + qsizetype(random.bounded(quint64(zeros.size() - j)));
        std::swap(zeros[j], zeros[pickAt]);
        chosen.append(zeros[j]);
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

} // namespace

QList<qsizetype> Selection::pick(const CandidateSet &set, Money maxPrice, SeededRandom &random)
{
    const qsizetype count = set.countAtOrBelow(maxPrice);
    const qsizetype k = qsizetype(set.k());
    if (count <= k) {
        QList<qsizetype> all(count);
        std::iota(all.begin(), all.end(), qsizetype(0));
        return all;
    }
    if (set.positiveAmongFirst(count) <= k)
        return fillWithZeroWeights(set.weights(), count, k, random);
    return sampleByKeys(set.weights(), count, size_t(k), random);
}

Result<QList<NodeId>> Selection::select(const QList<Candidate> &candidates,
                                        const Parameters &params, Money maxPrice,
                                        SeededRandom &random)
{
    const auto set = CandidateSet::build(candidates, params);
    if (!set)
        return fail(set.error());
    QList<NodeId> nodes;
    for (qsizetype index : pick(set.value(), maxPrice, random))
        nodes.append(set->candidate(index).node);
    return nodes;
}

} // namespace streamsync
