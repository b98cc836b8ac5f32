#pragma once

#include <QtGlobal>

namespace streamsync {

// The random source of the market rules: xoshiro256** seeded through SplitMix64. Both algorithms
// are fixed here rather than taken from QRandomGenerator or <random>, whose engines and
// distributions may differ between Qt or library versions, so that one seed gives one sequence
// on every build ("deterministic given the seed"). Not for keys: callers seed it from
// QRandomGenerator::system() in production and from a constant in tests.
class SeededRandom
{
public:
    explicit SeededRandom(quint64 seed);

    quint64 nextU64();
    // Uniform in the open interval (0, 1): never 0, so log(u) is finite; never 1, so log(u) < 0.
    double nextOpenUnit();
    // Uniform in [0, bound), bound > 0, without modulo bias (Lemire's multiply-and-reject).
    quint64 bounded(quint64 bound);

private:
    quint64 m_state[4];
};

} // namespace streamsync
