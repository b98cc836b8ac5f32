#include "daemon/MarketActions.h"

#include "db/Database.h"
#include "ledger/LedgerBodies.h"
#include "log/EventStore.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

namespace streamsync {

MarketActions::MarketActions(NodeHome &home, const Parameters &params, const Clock &clock)
    : m_home(home), m_params(params), m_clock(clock)
{}

Result<void> MarketActions::checkPrices(const PricePair &prices, const Parameters &params)
{
    if (prices.query < Money::fromMicro(1) || prices.query > params.maxPricePerQuery)
        return fail(QStringLiteral("the price per query must be from 1 to %1 µcr (the network's "
                                   "maxPricePerQuery), not %2 µcr")
                        .arg(params.maxPricePerQuery.micro())
                        .arg(prices.query.micro()));
    if (prices.gbMonth.isNegative() || prices.gbMonth > params.maxPricePerGbMonth)
        return fail(QStringLiteral("the price per GB-month must be from 0 to %1 µcr (the "
                                   "network's maxPricePerGbMonth), not %2 µcr")
                        .arg(params.maxPricePerGbMonth.micro())
                        .arg(prices.gbMonth.micro()));
    return {};
}

Result<Event> MarketActions::offer(const PricePair &prices, qint64 freeBytes)
{
    if (auto checked = checkPrices(prices, m_params); !checked)
        return Error{checked.error()};
    if (freeBytes < 0)
        return fail(QStringLiteral("the free bytes of an offer cannot be negative"));
    Result<Event> appended;
    // The head read and the append share one write lock: offer_seq is the seq it lands at.
    const auto done = m_home.database().transaction([&]() -> Result<void> {
        const auto head = m_home.log().head(m_home.publicKey());
        if (!head)
            return Error{head.error()};
        const OfferBody body{qint64(head->seq + 1), prices.query, prices.gbMonth, freeBytes};
        appended = append(EventKind::Offer, body.toCbor());
        return appended ? Result<void>() : Result<void>(Error{appended.error()});
    });
    if (!done)
        return Error{done.error()};
    return appended;
}

Result<Event> MarketActions::bond(Money amount)
{
    return stake(EventKind::Bond, amount);
}

Result<Event> MarketActions::unbond(Money amount)
{
    return stake(EventKind::Unbond, amount);
}

Result<Event> MarketActions::stake(EventKind kind, Money amount)
{
    if (amount <= Money())
        return fail(
            QStringLiteral("the amount to %1 must be above 0 µcr").arg(eventKindName(kind)));
    return append(kind, StakeAmountBody{amount}.toCbor());
}

Result<Event> MarketActions::append(EventKind kind, const QCborMap &body)
{
    if (!m_home.signingKey())
        return fail(QStringLiteral("unlock the node key first"));
    return m_home.log().append(*m_home.signingKey(), kind, body, quint64(m_clock.nowMs()));
}

} // namespace streamsync
