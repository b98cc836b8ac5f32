#pragma once

#include "market/CandidateSet.h"
#include "market/SeededRandom.h"

#include <QList>

namespace streamsync {

// The customer's choice of k distinct nodes for one query (DESIGN §3): weighted random sampling
// without replacement by Efraimidis–Spirakis keys u^(1/w), the k largest keys win.
//
// Among the candidates asking at most the customer's maximum price:
// - fewer than k candidates: all of them;
// - at least k with a positive weight: k of those, by the keys; a zero-weight node is never chosen;
// - fewer than k with a positive weight: all of those, and the remaining places go to zero-weight
//   candidates drawn uniformly without replacement (zero weight means "no evidence for", not
//   "banned": the query is better raced by k nodes than by fewer).
// Deterministic for a given set and generator state; the generator is advanced.
class Selection
{
public:
    // Indices into `set`, ascending.
    static QList<qsizetype> pick(const CandidateSet &set, Money maxPrice, SeededRandom &random);
    // Convenience for one-off queries: builds the set, picks, returns node ids in set order.
    static Result<QList<NodeId>> select(const QList<Candidate> &candidates,
                                        const Parameters &params, Money maxPrice,
                                        SeededRandom &random);
};

} // namespace streamsync
