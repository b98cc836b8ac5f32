#include "market/SeededRandom.h"

namespace streamsync {

namespace {

__extension__ typedef unsigned __int128 Uint128;

quint64 splitMix64(quint64 &x)
{
    quint64 z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

constexpr quint64 rotl(quint64 x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

SeededRandom::SeededRandom(quint64 seed)
{
    // SplitMix64 never yields four zero words, the one state xoshiro cannot leave.
    for (quint64 &word : m_state)
        word = splitMix64(seed);
}

quint64 SeededRandom::nextU64()
{
    const quint64 result = rotl(m_state[1] * 5, 7) * 9;
    const quint64 t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double SeededRandom::nextOpenUnit()
{
    // The top 53 bits, offset by half a step: (j + 0.5) / 2^53 for j in [0, 2^53).
    return (double(nextU64() >> 11) + 0.5) * 0x1.0p-53;
}

quint64 SeededRandom::bounded(quint64 bound)
{
    Uint128 product = Uint128(nextU64()) * bound;
    quint64 low = quint64(product);
    if (low < bound) {
        const quint64 threshold = (0 - bound) % bound;
        while (low < threshold) {
            product = Uint128(nextU64()) * bound;
            low = quint64(product);
        }
    }
    return quint64(product >> 64);
}

} // namespace streamsync
