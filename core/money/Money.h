#pragma once

#include "util/Result.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace streamsync {

// An amount of micro-credits (1 cr = 1,000,000 µcr) in a signed 64-bit integer. Never floating
// point: every operation is exact or refuses with an error (overflow, malformed text).
class Money
{
public:
    static constexpr qint64 kMicroPerCredit = 1'000'000;

    constexpr Money() = default;
    static constexpr Money fromMicro(qint64 micro) { return Money(micro); }
    static Result<Money> fromCredits(qint64 credits);

    constexpr qint64 micro() const { return m_micro; }
    constexpr bool isNegative() const { return m_micro < 0; }
    constexpr bool isZero() const { return m_micro == 0; }

    Result<Money> plus(Money other) const;
    Result<Money> minus(Money other) const;
    Result<Money> times(qint64 factor) const;

    // "12.345678 cr": always six decimals so columns line up and nothing is rounded away.
    QString toString() const;

    enum class Sign { NonNegative, AllowNegative };
    // Accepts "12", "12.5", "12.345678", optionally followed by " cr", or an integer followed by
    // " µcr"/" ucr". Refuses NaN, infinities, exponents, more than six decimals and overflow.
    static Result<Money> parse(const QString &text, Sign sign = Sign::NonNegative);

    friend constexpr bool operator==(Money a, Money b) { return a.m_micro == b.m_micro; }
    friend constexpr bool operator!=(Money a, Money b) { return a.m_micro != b.m_micro; }
    friend constexpr bool operator<(Money a, Money b) { return a.m_micro < b.m_micro; }
    friend constexpr bool operator<=(Money a, Money b) { return a.m_micro <= b.m_micro; }
    friend constexpr bool operator>(Money a, Money b) { return a.m_micro > b.m_micro; }
    friend constexpr bool operator>=(Money a, Money b) { return a.m_micro >= b.m_micro; }

private:
    constexpr explicit Money(qint64 micro) : m_micro(micro) {}
    qint64 m_micro = 0;
};

// The outcome of dividing an amount pro rata: each share is rounded down and whatever the
// rounding left over goes to the protocol pool (DESIGN §3), so shares + remainder == total.
struct ProRataSplit
{
    QList<Money> shares;
    Money remainder;
};

// Splits a non-negative total by non-negative integer weights. All-zero weights give every share
// zero and the whole total as remainder.
Result<ProRataSplit> splitProRata(Money total, const QList<quint64> &weights);

// The 50% fee split: the operator gets the rounded-down half, the pool the rest.
struct FeeSplit
{
    Money operatorShare;
    Money poolShare;
};
Result<FeeSplit> splitFee(Money fee);

} // namespace streamsync
