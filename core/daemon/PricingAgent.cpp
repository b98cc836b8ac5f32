#include "daemon/PricingAgent.h"

#include "daemon/DaemonLog.h"
#include "daemon/MarketActions.h"
#include "ledger/Ledger.h"

namespace streamsync {

namespace {

// The default cost floor: a quarter of the first price (the strategies never go below it).
constexpr qint64 kDefaultFloorDivisor = 4;

} // namespace

PricingAgent::PricingAgent(const Ledger &ledger, MarketActions &actions, QByteArray self,
                           MarketSettings settings, quint64 seed, FreeBytes freeBytes)
    : m_ledger(ledger), m_actions(actions), m_self(std::move(self)),
      m_settings(std::move(settings)), m_seed(seed), m_freeBytes(std::move(freeBytes))
{}

bool PricingAgent::tick(qint64 nowMs)
{
    bool appended = offerFirst();
    appended = bondOnce() || appended;
    if (!m_ledger.hasGenesis())
        return appended;
    const qint64 epoch = m_ledger.epochOf(nowMs);
    if (m_pricedEpoch && *m_pricedEpoch >= epoch)
        return appended;
    m_pricedEpoch = epoch;
    return reprice(epoch) || appended;
}

std::optional<PricePair> PricingAgent::ownPrice() const
{
    // The ledger's offer once it holds ours or a newer one (an operator's `offer`, say).
    const auto offer = m_ledger.currentOffer(m_self);
    if (offer && offer->offerSeq >= m_signedSeq)
        return PricePair{offer->priceQuery, offer->priceGbMonth};
    return m_signed;
}

bool PricingAgent::offerFirst()
{
    if (m_offered || !m_settings.offerPrice)
        return false;
    m_offered = true;
    if (ownPrice())
        return false;
    const Money gbMonth =
        m_settings.offerGbMonthPrice.value_or(m_ledger.params().incumbentPricePerGbMonth);
    return publish({*m_settings.offerPrice, gbMonth}, "the first offer");
}

bool PricingAgent::bondOnce()
{
    if (m_bonded || !m_settings.bond || !m_ledger.hasGenesis())
        return false;
    if (m_ledger.bonded(m_self) > Money()) {
        m_bonded = true;
        return false;
    }
    // Waits (tick after tick) for the grant that funds it.
    if (m_ledger.balance(m_self) < *m_settings.bond)
        return false;
    m_bonded = true;
    const auto appended = m_actions.bond(*m_settings.bond);
    if (!appended) {
        qCWarning(lcDaemon).noquote() << "cannot bond:" << appended.error();
        return false;
    }
    qCInfo(lcDaemon).noquote() << "bonded" << m_settings.bond->micro() << "µcr";
    return true;
}

PricingStrategy::Input PricingAgent::input(const PricePair &own) const
{
    PricingStrategy::Input in;
    for (auto it = m_ledger.state().offers.begin(); it != m_ledger.state().offers.end(); ++it) {
        if (it.key() != m_self)
            in.others.append({it->priceQuery, it->priceGbMonth});
    }
    in.own = own;
    const Money first = m_settings.offerPrice.value_or(own.query);
    in.costFloor = {
        m_settings.costFloor.value_or(Money::fromMicro(first.micro() / kDefaultFloorDivisor)),
        Money()};
    in.maxQuery = m_ledger.params().maxPricePerQuery;
    in.maxGbMonth = m_ledger.params().maxPricePerGbMonth;
    return in;
}

bool PricingAgent::reprice(qint64 epoch)
{
    const auto own = ownPrice();
    if (!own || m_settings.strategy == PricingStrategy::Kind::Fixed)
        return false;
    // Each epoch its own draw, each node its own sequence.
    const quint64 seed = m_seed * 0x9E3779B97F4A7C15ULL + quint64(epoch);
    const PricePair next = PricingStrategy::next(m_settings.strategy, input(*own), seed);
    if (next == *own)
        return false;
    return publish(next, "re-priced");
}

bool PricingAgent::publish(const PricePair &price, const char *why)
{
    const auto appended = m_actions.offer(price, qMax<qint64>(0, m_freeBytes()));
    if (!appended) {
        qCWarning(lcDaemon).noquote() << "cannot publish an offer:" << appended.error();
        return false;
    }
    m_signed = price;
    m_signedSeq = qint64(appended->seq());
    qCInfo(lcDaemon).noquote() << QStringLiteral("%1: %2 µcr per query, %3 µcr per GB-month (%4)")
                                      .arg(QLatin1String(why))
                                      .arg(price.query.micro())
                                      .arg(price.gbMonth.micro())
                                      .arg(PricingStrategy::toString(m_settings.strategy));
    return true;
}

} // namespace streamsync
