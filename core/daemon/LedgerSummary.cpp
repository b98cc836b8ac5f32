#include "daemon/LedgerSummary.h"

#include "ledger/Ledger.h"

#include <QHash>

#include <cmath>

namespace streamsync {

namespace {

QJsonObject bySource(const Ledger &ledger, const QByteArray &node, qint64 epoch)
{
    QJsonObject out;
    for (EarningSource source :
         {EarningSource::Fees, EarningSource::Dividend, EarningSource::Subsidy})
        out.insert(earningSourceName(source), ledger.earnings(node, epoch, source).micro());
    return out;
}

QJsonObject totals(const Ledger &ledger, const QByteArray &node)
{
    QHash<QString, qint64> sums;
    const auto &earnings = ledger.state().earnings;
    for (auto it = earnings.begin(); it != earnings.end(); ++it) {
        if (it.key().node == node)
            sums[earningSourceName(it.key().source)] += it.value().micro();
    }
    QJsonObject out;
    for (EarningSource source :
         {EarningSource::Fees, EarningSource::Dividend, EarningSource::Subsidy})
        out.insert(earningSourceName(source), sums.value(earningSourceName(source)));
    return out;
}

QJsonValue offerJson(const Ledger &ledger, const QByteArray &node)
{
    const auto offer = ledger.currentOffer(node);
    if (!offer)
        return QJsonValue::Null;
    return QJsonObject{
        {QStringLiteral("offer_seq"), offer->offerSeq},
        {QStringLiteral("time_ms"), offer->timeMs},
        {QStringLiteral("price_query"), offer->priceQuery.micro()},
        {QStringLiteral("price_gb_month"), offer->priceGbMonth.micro()},
        {QStringLiteral("free_bytes"), offer->freeBytes},
        {QStringLiteral("event_hash"), QString::fromLatin1(offer->eventHash.toHex())}};
}

QJsonObject reputationJson(const ReputationSnapshot &r)
{
    return {{QStringLiteral("performance_ppm"), LedgerSummary::ppm(r.performance)},
            {QStringLiteral("accuracy_ppm"), LedgerSummary::ppm(r.accuracy)},
            {QStringLiteral("uptime_ppm"), LedgerSummary::ppm(r.uptime)},
            {QStringLiteral("stake_term_ppm"), LedgerSummary::ppm(r.stakeTerm)},
            {QStringLiteral("accuracy_permille"), r.accuracyPermille},
            {QStringLiteral("p90_latency_ms"), r.p90LatencyMs},
            {QStringLiteral("race_samples"), r.raceSamples},
            {QStringLiteral("accuracy_samples"), r.accuracySamples}};
}

} // namespace

qint64 LedgerSummary::ppm(double score)
{
    if (!std::isfinite(score))
        return 0;
    return qBound<qint64>(0, qRound64(score * double(wire::kPartsPerMillion)),
                          wire::kPartsPerMillion);
}

Result<wire::MarketReply> LedgerSummary::market(const Ledger &ledger, qint64 nowMs)
{
    wire::MarketReply reply;
    reply.nowMs = nowMs;
    reply.epoch = ledger.hasGenesis() ? qMax<qint64>(0, ledger.epochOf(nowMs)) : 0;
    reply.paramsHash = ledger.params().hash();
    // Candidates name nodes by id; the wire names them by key, which the offers are kept by.
    QHash<QByteArray, QByteArray> keyOf;
    for (auto it = ledger.state().offers.begin(); it != ledger.state().offers.end(); ++it)
        keyOf.insert(NodeId::fromPublicKey(it.key()).bytes(), it.key());
    for (const Candidate &c : ledger.candidates(nowMs)) {
        const QByteArray key = keyOf.value(c.node.bytes());
        const auto offer = ledger.currentOffer(key);
        if (key.isEmpty() || !offer || reply.candidates.size() >= wire::kMaxMarketCandidates)
            continue;
        reply.candidates.append({key, c.pricePerQuery.micro(), offer->priceGbMonth.micro(),
                                 ppm(c.performance), ppm(c.accuracy), ppm(c.uptime),
                                 c.bondedStake.micro(), c.online});
    }
    return reply;
}

Result<QJsonObject> LedgerSummary::node(const Ledger &ledger, const QByteArray &self, qint64 nowMs,
                                        qint64 receiptsKept)
{
    const auto reputation = ledger.reputation(self, nowMs);
    if (!reputation)
        return Error{reputation.error()};
    const qint64 epoch = ledger.hasGenesis() ? ledger.epochOf(nowMs) : -1;
    return QJsonObject{{QStringLiteral("node"), QString::fromLatin1(self.toHex())},
                       {QStringLiteral("now_ms"), nowMs},
                       {QStringLiteral("genesis"), ledger.hasGenesis()},
                       {QStringLiteral("epoch"), epoch},
                       {QStringLiteral("last_closed_epoch"), ledger.lastClosedEpoch()},
                       {QStringLiteral("balance"), ledger.balance(self).micro()},
                       {QStringLiteral("bonded"), ledger.bonded(self).micro()},
                       {QStringLiteral("unbonding"), ledger.unbonding(self).micro()},
                       {QStringLiteral("earnings"),
                        QJsonObject{{QStringLiteral("this_epoch"), bySource(ledger, self, epoch)},
                                    {QStringLiteral("total"), totals(ledger, self)}}},
                       {QStringLiteral("reputation"), reputationJson(reputation.value())},
                       {QStringLiteral("suspended"), reputation->suspended},
                       {QStringLiteral("suspension_threshold_permille"),
                        ledger.params().suspensionAccuracyPermille},
                       {QStringLiteral("offer"), offerJson(ledger, self)},
                       {QStringLiteral("receipts_kept"), receiptsKept}};
}

} // namespace streamsync
