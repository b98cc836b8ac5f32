#include "ledger/LedgerState.h"

namespace streamsync {

namespace {

__extension__ typedef __int128 Int128;

template <typename Map> Int128 total(const Map &amounts)
{
    Int128 sum = 0;
    for (Money m : amounts)
        sum += m.micro();
    return sum;
}

QString money(Int128 micro)
{
    // Sums of holdings are bounded by the supply, itself below 2^63 (docs/market.md).
    return Money::fromMicro(qint64(micro)).toString();
}

} // namespace

QString earningSourceName(EarningSource source)
{
    switch (source) {
    case EarningSource::Fees:
        return QStringLiteral("fees");
    case EarningSource::Dividend:
        return QStringLiteral("dividend");
    case EarningSource::Subsidy:
        return QStringLiteral("subsidy");
    }
    Q_UNREACHABLE();
}

Money LedgerState::unbondingOf(const QByteArray &node) const
{
    qint64 sum = 0;
    for (const UnbondingEntry &e : unbonding)
        sum += e.node == node ? e.amount.micro() : 0;
    return Money::fromMicro(sum);
}

Money LedgerState::escrowed(const QByteArray &customer) const
{
    qint64 sum = 0;
    for (auto it = escrows.lowerBound({customer, 0}); it != escrows.end(); ++it) {
        if (it.key().first != customer)
            break;
        sum += it.value().micro();
    }
    return Money::fromMicro(sum);
}

Money LedgerState::slashedOf(const QByteArray &node) const
{
    qint64 sum = 0;
    for (const SlashRecord &s : slashes)
        sum += s.node == node ? s.amount.micro() : 0;
    return Money::fromMicro(sum);
}

Result<void> LedgerState::conservation() const
{
    Int128 unbondingSum = 0;
    for (const UnbondingEntry &e : unbonding)
        unbondingSum += e.amount.micro();
    const Int128 b = total(balances), e = total(escrows), s = total(bonded);
    const Int128 held = b + e + s + unbondingSum + pool.micro();
    const Int128 supply = Int128(grants.micro()) + emissions.micro();
    if (held == supply)
        return {};
    return fail(QStringLiteral("conservation broken: holdings %1 (balances %2 + escrows %3 + "
                               "bonded %4 + unbonding %5 + pool %6) differ from supply %7 "
                               "(grants %8 + emissions %9)")
                    .arg(money(held), money(b), money(e), money(s), money(unbondingSum),
                         pool.toString(), money(supply), grants.toString(), emissions.toString()));
}

} // namespace streamsync
