#include "market/InclusionModel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace streamsync {

namespace {

// 16 points per octave keep the error of the piecewise-linear law under ~1e-4 (absolute, and
// ~3e-4 relative for small probabilities); 8 would be 4x worse, 64 four times slower. The mass
// left outside the grid is put at its ends, which errs by far less than the tails themselves.
constexpr size_t kPointsPerOctave = 16;
constexpr double kLowTail = 1e-6;   // P(T_(k) ≤ start of the grid)
constexpr double kHighTail = 1e-10; // P(T_(k) > end of the grid)
constexpr int kMaxDoublings = 2100; // enough to walk across the whole double range

// P(N < k) for independent Bernoullis with success p_j and failure q_j: the first k
// coefficients of Π (q_j + p_j·x). All terms are non-negative, so the recursion is stable.
double belowK(const std::vector<double> &p, const std::vector<double> &q, qint64 k)
{
    std::vector<double> c(size_t(k), 0.0);
    c[0] = 1.0;
    for (size_t j = 0; j < q.size(); ++j) {
        for (size_t count = size_t(k) - 1; count > 0; --count)
            c[count] = c[count] * q[j] + c[count - 1] * p[j];
        c[0] *= q[j];
    }
    return std::min(1.0, std::accumulate(c.begin(), c.end(), 0.0));
}

} // namespace

InclusionModel::InclusionModel(const std::vector<double> &competitorWeights, qint64 k)
    : m_weights(competitorWeights), m_k(k)
{
    if (qint64(m_weights.size()) < m_k)
        return; // always chosen: nothing to tabulate
    // Selection is invariant to scaling every weight, so rescale to a largest weight of 1: the
    // clock times then stay near 1 however small the weights are.
    m_unit = *std::max_element(m_weights.begin(), m_weights.end());
    for (double &w : m_weights)
        w /= m_unit;
    const double total = std::accumulate(m_weights.begin(), m_weights.end(), 0.0);
    // P(N(t) ≥ k) ≤ e_k(p) ≤ (Σp_j)^k / k! ≤ (t·Σv_j)^k / k! (Maclaurin), so below this t the
    // k-th clock has rung with probability at most kLowTail: no search needed at this end.
    double logFactorial = 0.0; // not lgamma(), which writes the global signgam
    for (qint64 i = 2; i <= m_k; ++i)
        logFactorial += std::log(double(i));
    const double tLow = std::exp((std::log(kLowTail) + logFactorial) / double(m_k)) / total;
    double tHigh = double(m_k) / total;
    for (int i = 0; i < kMaxDoublings && survival(tHigh) > kHighTail; ++i)
        tHigh *= 2;
    tabulate(tLow, tHigh);
}

double InclusionModel::survival(double t) const
{
    std::vector<double> p(m_weights.size()), q(m_weights.size());
    for (size_t j = 0; j < m_weights.size(); ++j) {
        p[j] = -std::expm1(-m_weights[j] * t);
        q[j] = std::exp(-m_weights[j] * t);
    }
    return belowK(p, q, m_k);
}

void InclusionModel::tabulate(double tLow, double tHigh)
{
    const size_t n = m_weights.size();
    Clocks clocks{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
    double step = tLow / kPointsPerOctave;
    for (size_t j = 0; j < n; ++j) {
        clocks.rang[j] = -std::expm1(-m_weights[j] * tLow);
        clocks.waiting[j] = std::exp(-m_weights[j] * tLow);
        clocks.stepDecay[j] = -std::expm1(-m_weights[j] * step);
    }
    m_t.push_back(tLow);
    m_survival.push_back(belowK(clocks.rang, clocks.waiting, m_k));
    for (double t = tLow; t < tHigh; t *= 2, step *= 2) {
        tabulateOctave(clocks, t, step);
        // 1 - e^(-2vΔ) = 2δ - δ² for δ = 1 - e^(-vΔ): accurate where e^(-vΔ) would round to 1.
        for (double &d : clocks.stepDecay)
            d = 2 * d - d * d;
    }
}

// The octave's grid points t + Δ … t + 16Δ = 2t, for a chunk of competitors at a time (small
// enough to stay in L1). First each clock's "rang" and "waiting" probabilities at every point:
// waiting·δ moves from one to the other per step, so neither loses precision near 0 or 1. Then
// the recursion for all sixteen points at once: independent lanes that the compiler vectorises,
// instead of one long serial chain.
void InclusionModel::tabulateOctave(Clocks &clocks, double t, double step)
{
    constexpr size_t kLanes = kPointsPerOctave;
    constexpr size_t kChunk = 32;
    const size_t n = clocks.waiting.size();
    const size_t k = size_t(m_k);
    std::vector<double> c(k * kLanes, 0.0); // c[count·kLanes + lane]
    std::fill(c.begin(), c.begin() + kLanes, 1.0);
    double rang[kChunk][kLanes], waiting[kChunk][kLanes];
    for (size_t first = 0; first < n; first += kChunk) {
        const size_t chunk = std::min(kChunk, n - first);
        for (size_t i = 0; i < chunk; ++i) {
            double p = clocks.rang[first + i], q = clocks.waiting[first + i];
            const double decay = clocks.stepDecay[first + i];
            for (size_t l = 0; l < kLanes; ++l) {
                const double moved = q * decay;
                rang[i][l] = p += moved;
                waiting[i][l] = q -= moved;
            }
            clocks.rang[first + i] = p;
            clocks.waiting[first + i] = q;
        }
        for (size_t i = 0; i < chunk; ++i) {
            for (size_t count = k - 1; count > 0; --count) {
                double *now = &c[count * kLanes];
                const double *below = now - kLanes;
                for (size_t l = 0; l < kLanes; ++l)
                    now[l] = now[l] * waiting[i][l] + below[l] * rang[i][l];
            }
            for (size_t l = 0; l < kLanes; ++l)
                c[l] *= waiting[i][l];
        }
    }
    for (size_t l = 0; l < kLanes; ++l) {
        double f = 0.0;
        for (size_t count = 0; count < k; ++count)
            f += c[count * kLanes + l];
        m_t.push_back(t + step * double(l + 1));
        m_survival.push_back(std::min(1.0, f));
    }
}

double InclusionModel::probability(double ownWeight) const
{
    if (m_t.empty())
        return 1.0;
    const double w = ownWeight / m_unit;
    // E[exp(-w·T_(k))] over the tabulated law of T_(k); the mass before the grid (≤ 1e-6) is put
    // at its start, the mass after it (≤ 1e-10) at infinity, where exp(-w·t) = 0.
    double beaten = (1.0 - m_survival.front()) * std::exp(-w * m_t.front());
    for (size_t m = 0; m + 1 < m_t.size(); ++m) {
        const double width = m_t[m + 1] - m_t[m];
        const double density = (m_survival[m] - m_survival[m + 1]) / width;
        // ∫ exp(-w·t) dt over [t_m, t_m + width], without cancellation when w·width is small.
        const double integral = std::exp(-w * m_t[m]) * -std::expm1(-w * width) / w;
        beaten += density * integral;
    }
    return std::clamp(1.0 - beaten, 0.0, 1.0);
}

} // namespace streamsync
