#include "money/Money.h"

#include <QRegularExpression>

namespace streamsync {

namespace {

// GCC/Clang builtin; __extension__ keeps -Wpedantic quiet about the non-ISO type.
__extension__ typedef unsigned __int128 Uint128;

Error overflow(const char *what)
{
    return fail(
        QStringLiteral("amount overflow in %1: the result does not fit in 64-bit micro-credits")
            .arg(QLatin1String(what)));
}

} // namespace

Result<Money> Money::fromCredits(qint64 credits)
{
    qint64 micro = 0;
    if (__builtin_mul_overflow(credits, kMicroPerCredit, &micro))
        return overflow("fromCredits");
    return Money(micro);
}

Result<Money> Money::plus(Money other) const
{
    qint64 sum = 0;
    if (__builtin_add_overflow(m_micro, other.m_micro, &sum))
        return overflow("addition");
    return Money(sum);
}

Result<Money> Money::minus(Money other) const
{
    qint64 diff = 0;
    if (__builtin_sub_overflow(m_micro, other.m_micro, &diff))
        return overflow("subtraction");
    return Money(diff);
}

Result<Money> Money::times(qint64 factor) const
{
    qint64 product = 0;
    if (__builtin_mul_overflow(m_micro, factor, &product))
        return overflow("multiplication");
    return Money(product);
}

QString Money::toString() const
{
    // Work on the unsigned magnitude so INT64_MIN formats correctly.
    const bool negative = m_micro < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(m_micro) : quint64(m_micro);
    const quint64 whole = magnitude / quint64(kMicroPerCredit);
    const quint64 fraction = magnitude % quint64(kMicroPerCredit);
    return (negative ? QStringLiteral("-") : QString()) + QString::number(whole) +
           QLatin1Char('.') + QStringLiteral("%1").arg(fraction, 6, 10, QLatin1Char('0')) +
           QStringLiteral(" cr");
}

Result<Money> Money::parse(const QString &text, Sign sign)
{
    static const QRegularExpression creditsForm(
        QStringLiteral(R"(^\s*(-)?(\d{1,19})(?:\.(\d{1,6}))?\s*(?:cr)?\s*$)"));
    static const QRegularExpression microForm(
        QStringLiteral(R"(^\s*(-)?(\d{1,19})\s*(?:µcr|ucr)\s*$)"));

    const auto refuse = [&text](const QString &why) {
        return fail(QStringLiteral("'%1' is not an amount: %2").arg(text.left(40), why));
    };
    const auto microMatch = microForm.match(text);
    const auto creditsMatch = creditsForm.match(text);
    if (!microMatch.hasMatch() && !creditsMatch.hasMatch()) {
        const QString lower = text.trimmed().toLower();
        if (lower.contains(QLatin1String("nan")) || lower.contains(QLatin1String("inf")))
            return refuse(QStringLiteral("not a number or infinite"));
        if (text.contains(QLatin1Char('.')) &&
            QRegularExpression(QStringLiteral(R"(\.\d{7,})")).match(text).hasMatch())
            return refuse(QStringLiteral("more than six decimals (the smallest unit is 1 µcr)"));
        return refuse(QStringLiteral("expected a number of credits such as 12.345678 cr"));
    }

    const bool negative = microMatch.hasMatch() ? !microMatch.captured(1).isEmpty()
                                                : !creditsMatch.captured(1).isEmpty();
    if (negative && sign == Sign::NonNegative)
        return refuse(QStringLiteral("negative amounts are not allowed here"));

    bool ok = false;
    qint64 micro = 0;
    if (microMatch.hasMatch()) {
        micro = microMatch.captured(2).toLongLong(&ok);
        if (!ok)
            return refuse(QStringLiteral("too large"));
    } else {
        const qint64 whole = creditsMatch.captured(2).toLongLong(&ok);
        if (!ok)
            return refuse(QStringLiteral("too large"));
        const QString fractionText = creditsMatch.captured(3).leftJustified(6, QLatin1Char('0'));
        const qint64 fraction = fractionText.toLongLong();
        if (__builtin_mul_overflow(whole, kMicroPerCredit, &micro) ||
            __builtin_add_overflow(micro, fraction, &micro))
            return refuse(QStringLiteral("too large"));
    }
    return Money(negative ? -micro : micro);
}

Result<ProRataSplit> splitProRata(Money total, const QList<quint64> &weights)
{
    if (total.isNegative())
        return fail(QStringLiteral("cannot split a negative amount (%1)").arg(total.toString()));
    Uint128 weightSum = 0;
    for (quint64 w : weights)
        weightSum += w;

    ProRataSplit split;
    split.shares.reserve(weights.size());
    qint64 distributed = 0;
    for (quint64 w : weights) {
        // 128-bit intermediate: total (< 2^63) times weight (< 2^64) cannot overflow.
        const qint64 share =
            weightSum == 0 ? 0 : qint64((static_cast<Uint128>(total.micro()) * w) / weightSum);
        split.shares.append(Money::fromMicro(share));
        distributed += share;
    }
    split.remainder = Money::fromMicro(total.micro() - distributed);
    return split;
}

Result<FeeSplit> splitFee(Money fee)
{
    if (fee.isNegative())
        return fail(QStringLiteral("a fee cannot be negative (%1)").arg(fee.toString()));
    const qint64 operatorShare = fee.micro() / 2;
    return FeeSplit{Money::fromMicro(operatorShare), Money::fromMicro(fee.micro() - operatorShare)};
}

} // namespace streamsync
