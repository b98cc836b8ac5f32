#include "market/Weighting.h"

#include <algorithm>
#include <cmath>

namespace streamsync {

double Weighting::stakeTerm(Money stake, const Parameters &params)
{
    if (stake.micro() <= 0)
        return 0.0;
    const double minStake = double(params.minStake.micro());
    const double term = std::log1p(double(stake.micro()) / minStake) /
                        std::log1p(double(params.stakeCap.micro()) / minStake);
    return std::clamp(term, 0.0, 1.0);
}

double Weighting::quality(const Candidate &candidate, const Parameters &params)
{
    const double sum =
        double(params.weightPerformancePermille) * candidate.performance +
        double(params.weightAccuracyPermille) * candidate.accuracy +
        double(params.weightUptimePermille) * candidate.uptime +
        double(params.weightStakePermille) * stakeTerm(candidate.bondedStake, params);
    return std::clamp(sum / 1000.0, 0.0, 1.0);
}

double Weighting::priceFactor(Money cheapest, Money price, qint64 elasticityMilli)
{
    const double ratio = double(cheapest.micro()) / double(price.micro());
    // The default α = 1 and α = 0 skip pow(): they are exact anyway, and this runs per node.
    if (elasticityMilli == 0)
        return 1.0;
    if (elasticityMilli == 1000)
        return ratio;
    return std::pow(ratio, double(elasticityMilli) / 1000.0);
}

double Weighting::weight(double quality, double priceFactor)
{
    const double w = quality * priceFactor;
    return w < kNegligibleWeight ? 0.0 : w;
}

} // namespace streamsync
