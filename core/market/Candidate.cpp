#include "market/Candidate.h"

#include <cmath>

namespace streamsync {

namespace {

bool isUnitScore(double score)
{
    return std::isfinite(score) && score >= 0.0 && score <= 1.0;
}

} // namespace

Result<void> Candidate::validate() const
{
    if (node.isNull())
        return fail(QStringLiteral("a candidate has no node id"));
    // Named only on failure: base32 per candidate would dominate building a large set.
    const auto who = [this] { return node.shortText(); };
    if (pricePerQuery.micro() < 1)
        return fail(QStringLiteral("%1 asks %2 per query; prices must be at least 1 µcr")
                        .arg(who(), pricePerQuery.toString()));
    if (!isUnitScore(performance) || !isUnitScore(accuracy) || !isUnitScore(uptime))
        return fail(QStringLiteral("%1 has a score that is not a number in [0, 1] "
                                   "(performance %2, accuracy %3, uptime %4)")
                        .arg(who())
                        .arg(performance)
                        .arg(accuracy)
                        .arg(uptime));
    if (bondedStake.isNegative())
        return fail(
            QStringLiteral("%1 has negative bonded stake (%2)").arg(who(), bondedStake.toString()));
    return {};
}

} // namespace streamsync
