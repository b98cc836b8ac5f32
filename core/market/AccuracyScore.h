#pragma once

#include <QtGlobal>

namespace streamsync {

// The accuracy term (DESIGN §3): a Beta score with forgetting, a ← λa + v, b ← λb + (1 − v),
// score a/(a + b), in the manner of Storj's audit score. The prior is a0 = b0 = 1: a node with
// no evidence scores 0.5, and the prior's weight fades as λ^n like any other observation.
//
// a and b are kept in fixed point (kUnit = 1.0, λa rounded down) rather than as doubles,
// because the score decides suspension: integer arithmetic gives every observer, on every CPU
// and compiler, the same verdict for the same observations. Steady state is at most
// kUnit/(1 − λ) ≤ 10^12 for λ ≤ 0.999, far from overflow.
class AccuracyScore
{
public:
    static constexpr qint64 kUnit = 1'000'000'000;

    void observe(bool success, qint64 forgettingPermille);

    qint64 alphaFixed() const { return m_alpha; }
    qint64 betaFixed() const { return m_beta; }
    double score() const { return double(m_alpha) / double(m_alpha + m_beta); }
    // floor(1000 · a/(a + b)).
    qint64 permille() const { return m_alpha * 1000 / (m_alpha + m_beta); }
    // a/(a + b) < threshold/1000, decided exactly.
    bool isBelowPermille(qint64 thresholdPermille) const
    {
        return m_alpha * 1000 < thresholdPermille * (m_alpha + m_beta);
    }

private:
    qint64 m_alpha = kUnit;
    qint64 m_beta = kUnit;
};

} // namespace streamsync
