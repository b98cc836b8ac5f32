#pragma once

#include "ledger/EpochClock.h"
#include "ledger/LedgerState.h"
#include "params/Parameters.h"
#include "util/Result.h"

namespace streamsync {

// The payouts of epoch n, applied to the state after its partition (docs/market.md "Epoch
// close"), in this order: unbonding entries with release_ms ≤ end(n) return to their node's
// balance; escrows of epochs ≤ n−1 refund what vouchers left; the emission of epoch n is minted
// and split pro rata to the fees served in the partition (remainder to the pool); then the whole
// pool is paid out pro rata to bonded stake (remainder stays in the pool). Fees served are reset.
class EpochSettlement
{
public:
    static Result<Payouts> settle(LedgerState &state, qint64 epoch, const EpochClock &clock,
                                  const Parameters &params);

private:
    static void release(LedgerState &state, qint64 endMs, Payouts &payouts);
    static void refund(LedgerState &state, qint64 epoch, Payouts &payouts);
    static Result<void> subsidise(LedgerState &state, qint64 epoch, const Parameters &params,
                                  Payouts &payouts);
    static Result<void> payDividend(LedgerState &state, qint64 epoch, Payouts &payouts);
};

} // namespace streamsync
