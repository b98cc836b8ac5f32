#include "market/Rewards.h"

namespace streamsync {

namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr qint64 kBasisPoints = 10'000;

Result<void> checkBasisPoints(const char *name, qint64 bps)
{
    if (bps < 0 || bps > kBasisPoints)
        return fail(QStringLiteral("'%1' is %2 but must be from 0 to 10000")
                        .arg(QLatin1String(name))
                        .arg(bps));
    return {};
}

Error negative(const char *what, Money amount)
{
    return fail(
        QStringLiteral("%1 cannot be negative (%2)").arg(QLatin1String(what), amount.toString()));
}

} // namespace

qint64 Rewards::basisPointsOf(Money amount, qint64 bps)
{
    return qint64(Uint128(amount.micro()) * quint64(bps) / quint64(kBasisPoints));
}

Result<QList<quint64>> Rewards::weightsOf(const QList<Money> &amounts, const char *what)
{
    QList<quint64> weights;
    weights.reserve(amounts.size());
    for (Money amount : amounts) {
        if (amount.isNegative())
            return negative(what, amount);
        weights.append(quint64(amount.micro()));
    }
    return weights;
}

Result<FeeSplit> Rewards::splitFee(Money fee, const Parameters &params)
{
    if (fee.isNegative())
        return negative("a fee", fee);
    if (auto valid = checkBasisPoints("fee_pool_share_bps", params.feePoolShareBps); !valid)
        return fail(valid.error());
    const qint64 operatorShare = basisPointsOf(fee, kBasisPoints - params.feePoolShareBps);
    return FeeSplit{Money::fromMicro(operatorShare), Money::fromMicro(fee.micro() - operatorShare)};
}

Result<ProRataSplit> Rewards::coopDividend(Money pool, const QList<Money> &bondedStakes)
{
    const auto weights = weightsOf(bondedStakes, "bonded stake");
    if (!weights)
        return fail(weights.error());
    return splitProRata(pool, weights.value());
}

Result<Money> Rewards::emission(qint64 epoch, const Parameters &params)
{
    if (epoch < 0)
        return fail(QStringLiteral("epoch %1 is before genesis").arg(epoch));
    if (params.emissionHalvingEpochs < 1 || params.emissionPerEpoch.isNegative())
        return fail(QStringLiteral("the emission must be non-negative and halve after at least "
                                   "one epoch"));
    const qint64 halvings = epoch / params.emissionHalvingEpochs;
    if (halvings >= 63)
        return Money();
    return Money::fromMicro(params.emissionPerEpoch.micro() >> halvings);
}

Result<ProRataSplit> Rewards::subsidy(qint64 epoch, const QList<Money> &feesServed,
                                      const Parameters &params)
{
    const auto minted = emission(epoch, params);
    if (!minted)
        return fail(minted.error());
    const auto weights = weightsOf(feesServed, "fees served");
    if (!weights)
        return fail(weights.error());
    return splitProRata(minted.value(), weights.value());
}

Result<SlashSplit> Rewards::slash(Money stake, const Parameters &params)
{
    if (stake.isNegative())
        return negative("a stake", stake);
    if (auto valid = checkBasisPoints("slash_share_bps", params.slashShareBps); !valid)
        return fail(valid.error());
    const qint64 slashed = basisPointsOf(stake, params.slashShareBps);
    return SlashSplit{Money::fromMicro(slashed), Money::fromMicro(stake.micro() - slashed)};
}

} // namespace streamsync
