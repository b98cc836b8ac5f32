#pragma once

#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QList>

namespace streamsync {

// The slashed part of a stake and what stays bonded: slashed + remaining == stake.
struct SlashSplit
{
    Money slashed;
    Money remaining;
};

// The money rules of DESIGN §3 in integer µcr. Every function conserves exactly: the parts it
// returns add up to the amount it was given, and whatever rounding leaves over is named (the
// ProRataSplit remainder), which the epoch close adds to the protocol pool.
class Rewards
{
public:
    // One fee: the pool gets fee·feePoolShareBps/10000 rounded up, the operator the rest, i.e.
    // the rounded-down share; at 5000 bps this is exactly splitFee(fee).
    static Result<FeeSplit> splitFee(Money fee, const Parameters &params);
    // The co-op dividend: the pool pro rata to bonded stake; the remainder stays in the pool.
    static Result<ProRataSplit> coopDividend(Money pool, const QList<Money> &bondedStakes);
    // The emission of epoch n (0 = the genesis epoch): emissionPerEpoch halved every
    // emissionHalvingEpochs epochs, by an integer shift (odd amounts round down); 0 from the
    // 63rd halving on.
    static Result<Money> emission(qint64 epoch, const Parameters &params);
    // The subsidy of epoch n pro rata to the fees each node served in it. The remainder (the
    // rounding, or the whole emission in an epoch without fees) goes to the pool.
    static Result<ProRataSplit> subsidy(qint64 epoch, const QList<Money> &feesServed,
                                        const Parameters &params);
    // A fraud proof slashes stake·slashShareBps/10000, rounded down.
    static Result<SlashSplit> slash(Money stake, const Parameters &params);

private:
    // amount·bps/10000 rounded down, without overflow.
    static qint64 basisPointsOf(Money amount, qint64 bps);
    static Result<QList<quint64>> weightsOf(const QList<Money> &amounts, const char *what);
};

} // namespace streamsync
