#pragma once

#include "market/Candidate.h"
#include "params/Parameters.h"

namespace streamsync {

// The selection weight formula of DESIGN §3, term by term. Shared by CandidateSet (selection),
// PriceProjection (the console's forecast) and Reputation (the stake term it reports).
class Weighting
{
public:
    // Weights below this count as zero. It keeps log(u)/w finite (|log u| < 37 for our u), so
    // the sampling keys never overflow to -inf; a weight this small would lose to any other
    // candidate with probability ~1 - 1e-290 anyway.
    static constexpr double kNegligibleWeight = 1e-300;

    // ln(1 + stake/min_stake) / ln(1 + stake_cap/min_stake), clamped to [0, 1].
    static double stakeTerm(Money stake, const Parameters &params);
    // Σ weight_permille · term / 1000 with the parameters' four per-mille weights; in [0, 1]
    // because the weights add up to 1000 (Parameters::validate).
    static double quality(const Candidate &candidate, const Parameters &params);
    // (cheapest / price)^α with α = priceElasticityMilli / 1000; both prices ≥ 1 µcr.
    static double priceFactor(Money cheapest, Money price, qint64 elasticityMilli);
    // quality · priceFactor, with negligible weights flushed to exactly zero.
    static double weight(double quality, double priceFactor);
};

} // namespace streamsync
