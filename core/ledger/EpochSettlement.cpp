#include "ledger/EpochSettlement.h"

#include "market/Rewards.h"

#include <limits>

namespace streamsync {

namespace {

__extension__ typedef __int128 Int128;

// Bounded by the supply (< 2^63 µcr), like every holding: see EventFolder.
Money plus(Money a, Money b)
{
    return Money::fromMicro(a.micro() + b.micro());
}

void credit(QMap<QByteArray, Money> &holdings, const QByteArray &account, Money amount)
{
    holdings[account] = plus(holdings.value(account), amount);
}

// Pays `shares` (in the order of `accounts`) to balances, the payout map and the earnings.
void pay(LedgerState &state, const QList<QByteArray> &accounts, const QList<Money> &shares,
         qint64 epoch, EarningSource source, QMap<QByteArray, Money> &payout)
{
    for (qsizetype i = 0; i < accounts.size(); ++i) {
        if (shares[i].isZero())
            continue;
        credit(state.balances, accounts[i], shares[i]);
        payout.insert(accounts[i], shares[i]);
        Money &earned = state.earnings[{accounts[i], epoch, source}];
        earned = plus(earned, shares[i]);
    }
}

} // namespace

Result<Payouts> EpochSettlement::settle(LedgerState &state, qint64 epoch, const EpochClock &clock,
                                        const Parameters &params)
{
    Payouts payouts;
    payouts.poolBefore = state.pool;
    release(state, clock.endOf(epoch), payouts);
    refund(state, epoch, payouts);
    if (auto minted = subsidise(state, epoch, params, payouts); !minted)
        return Error{minted.error()};
    if (auto paid = payDividend(state, epoch, payouts); !paid)
        return Error{paid.error()};
    payouts.poolAfter = state.pool;
    state.feesServed.clear();
    return payouts;
}

void EpochSettlement::release(LedgerState &state, qint64 endMs, Payouts &payouts)
{
    QList<UnbondingEntry> waiting;
    for (const UnbondingEntry &entry : std::as_const(state.unbonding)) {
        if (entry.releaseMs > endMs) {
            waiting.append(entry);
            continue;
        }
        credit(state.balances, entry.node, entry.amount);
        credit(payouts.releases, entry.node, entry.amount);
    }
    state.unbonding = waiting;
}

void EpochSettlement::refund(LedgerState &state, qint64 epoch, Payouts &payouts)
{
    for (auto it = state.escrows.begin(); it != state.escrows.end();) {
        if (it.key().second > epoch - 1) {
            ++it;
            continue;
        }
        if (!it.value().isZero()) {
            credit(state.balances, it.key().first, it.value());
            credit(payouts.refunds, it.key().first, it.value());
        }
        it = state.escrows.erase(it);
    }
}

Result<void> EpochSettlement::subsidise(LedgerState &state, qint64 epoch, const Parameters &params,
                                        Payouts &payouts)
{
    auto emission = Rewards::emission(epoch, params);
    if (!emission)
        return Error{emission.error()};
    // The supply stays below 2^63 µcr, which keeps every holding from overflowing: an emission
    // that would pass it is not minted.
    const Int128 supply =
        Int128(state.grants.micro()) + state.emissions.micro() + emission->micro();
    if (supply > std::numeric_limits<qint64>::max())
        emission = Money();
    QList<QByteArray> nodes;
    QList<Money> fees;
    for (auto it = state.feesServed.begin(); it != state.feesServed.end(); ++it) {
        nodes.append(it.key());
        fees.append(it.value());
    }
    const auto split = splitProRata(*emission, [&] {
        QList<quint64> weights;
        for (Money f : fees)
            weights.append(quint64(f.micro()));
        return weights;
    }());
    if (!split)
        return Error{split.error()};
    state.emissions = plus(state.emissions, *emission);
    payouts.emission = *emission;
    pay(state, nodes, split->shares, epoch, EarningSource::Subsidy, payouts.subsidy);
    state.pool = plus(state.pool, split->remainder);
    return {};
}

Result<void> EpochSettlement::payDividend(LedgerState &state, qint64 epoch, Payouts &payouts)
{
    QList<QByteArray> nodes;
    QList<Money> stakes;
    for (auto it = state.bonded.begin(); it != state.bonded.end(); ++it) {
        if (it.value().isZero())
            continue;
        nodes.append(it.key());
        stakes.append(it.value());
    }
    const auto split = Rewards::coopDividend(state.pool, stakes);
    if (!split)
        return Error{split.error()};
    pay(state, nodes, split->shares, epoch, EarningSource::Dividend, payouts.dividend);
    state.pool = split->remainder;
    return {};
}

} // namespace streamsync
