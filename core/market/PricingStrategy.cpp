#include "market/PricingStrategy.h"

#include "market/SeededRandom.h"

#include <QStringList>

#include <algorithm>
#include <limits>

namespace streamsync {

namespace {

constexpr qint64 kUndercutPercent = 95;
constexpr qint64 kPremiumPercent = 130;
constexpr qint64 kWalkPercent = 5;
constexpr qint64 kArchiveQueryPercent = 50;
constexpr qint64 kArchiveGbMonthPercent = 95;

const QList<std::pair<const char *, PricingStrategy::Kind>> &kinds()
{
    static const QList<std::pair<const char *, PricingStrategy::Kind>> table{
        {"fixed", PricingStrategy::Kind::Fixed},
        {"undercut", PricingStrategy::Kind::Undercut},
        {"premium", PricingStrategy::Kind::Premium},
        {"walk", PricingStrategy::Kind::Walk},
        {"archive", PricingStrategy::Kind::Archive}};
    return table;
}

QList<Money> queryPrices(const QList<PricePair> &prices)
{
    QList<Money> out;
    for (const PricePair &price : prices)
        out.append(price.query);
    return out;
}

QList<Money> gbMonthPrices(const QList<PricePair> &prices)
{
    QList<Money> out;
    for (const PricePair &price : prices)
        out.append(price.gbMonth);
    return out;
}

Money clampMoney(Money value, Money low, Money high)
{
    return std::min(std::max(value, low), high);
}

// One step of at most ±kWalkPercent (and at least 1 µcr, so a price of a few µcr still moves).
Money step(Money price, SeededRandom &random)
{
    const qint64 reach =
        std::max<qint64>(1, PricingStrategy::percentOf(price, kWalkPercent).micro());
    const qint64 delta = qint64(random.bounded(quint64(2 * reach + 1))) - reach;
    const qint64 moved = price.micro() > std::numeric_limits<qint64>::max() - reach
                             ? price.micro()
                             : price.micro() + delta;
    return Money::fromMicro(moved);
}

} // namespace

std::optional<PricingStrategy::Kind> PricingStrategy::fromString(const QString &name)
{
    for (const auto &[text, kind] : kinds()) {
        if (name == QLatin1String(text))
            return kind;
    }
    return std::nullopt;
}

QString PricingStrategy::toString(Kind kind)
{
    for (const auto &[text, k] : kinds()) {
        if (k == kind)
            return QLatin1String(text);
    }
    return {};
}

QString PricingStrategy::names()
{
    QStringList out;
    for (const auto &entry : kinds())
        out.append(QLatin1String(entry.first));
    return out.join(QStringLiteral(", "));
}

std::optional<Money> PricingStrategy::median(QList<Money> prices)
{
    if (prices.isEmpty())
        return std::nullopt;
    std::sort(prices.begin(), prices.end());
    return prices.at((prices.size() - 1) / 2);
}

Money PricingStrategy::percentOf(Money amount, qint64 percent)
{
    // Split so that amount·percent never overflows: (q·100 + r)·p/100 = q·p + r·p/100.
    const qint64 q = amount.micro() / 100;
    const qint64 r = amount.micro() % 100;
    qint64 whole = 0;
    if (__builtin_mul_overflow(q, percent, &whole))
        return Money::fromMicro(std::numeric_limits<qint64>::max());
    return Money::fromMicro(whole + r * percent / 100);
}

PricePair PricingStrategy::next(Kind kind, const Input &input, quint64 seed)
{
    switch (kind) {
    case Kind::Fixed:
        return clamp(input.own, input);
    case Kind::Undercut:
        return follow(input, kUndercutPercent, kUndercutPercent);
    case Kind::Premium:
        return follow(input, kPremiumPercent, kPremiumPercent);
    case Kind::Walk:
        return walk(input, seed);
    case Kind::Archive:
        return archive(input);
    }
    return clamp(input.own, input);
}

PricePair PricingStrategy::follow(const Input &input, qint64 percentQuery, qint64 percentGbMonth)
{
    const auto query = median(queryPrices(input.others));
    const auto gbMonth = median(gbMonthPrices(input.others));
    if (!query || !gbMonth)
        return clamp(input.own, input);
    return clamp({percentOf(*query, percentQuery), percentOf(*gbMonth, percentGbMonth)}, input);
}

PricePair PricingStrategy::walk(const Input &input, quint64 seed)
{
    SeededRandom random(seed);
    const Money query = step(input.own.query, random);
    const Money gbMonth = step(input.own.gbMonth, random);
    return clamp({query, gbMonth}, input);
}

PricePair PricingStrategy::archive(const Input &input)
{
    const auto query = median(queryPrices(input.others));
    const QList<Money> gbMonths = gbMonthPrices(input.others);
    if (!query)
        return clamp(input.own, input);
    const Money cheapest = *std::min_element(gbMonths.begin(), gbMonths.end());
    return clamp(
        {percentOf(*query, kArchiveQueryPercent), percentOf(cheapest, kArchiveGbMonthPercent)},
        input);
}

PricePair PricingStrategy::clamp(PricePair price, const Input &input)
{
    const Money queryFloor = std::max(Money::fromMicro(1), input.costFloor.query);
    const Money gbMonthFloor = std::max(Money(), input.costFloor.gbMonth);
    // A floor above the maximum gives way to the maximum: the rules' bound wins.
    return {clampMoney(price.query, std::min(queryFloor, input.maxQuery), input.maxQuery),
            clampMoney(price.gbMonth, std::min(gbMonthFloor, input.maxGbMonth), input.maxGbMonth)};
}

} // namespace streamsync
