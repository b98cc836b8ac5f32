#include "console/PriceCurveBuilder.h"

#include "console/MarketQuery.h"
#include "console/ProjectedPriceCurve.h"
#include "console/ProjectionReader.h"
#include "console/ReputationQuery.h"
#include "crypto/NodeId.h"

namespace streamsync::console {

Result<interfaces::PriceCurvePtr>
PriceCurveBuilder::build(ProjectionReader &reader, const QString &nodeId, qint64 customerMaxMicro)
{
    const auto key = reader.keyOf(nodeId);
    if (!key)
        return Error{key.error()};
    const auto market = MarketQuery::candidates(reader);
    const auto scores = ReputationQuery::latest(reader, key.value());
    const auto demand = MarketQuery::queriesPerEpoch(reader);
    if (!market || !scores || !demand)
        return Error{!market ? market.error() : !scores ? scores.error() : demand.error()};

    Candidate own;
    own.node = NodeId::fromPublicKey(key.value());
    own.performance = scores->performance;
    own.accuracy = scores->accuracy;
    own.uptime = scores->uptime;
    const auto bonded = reader.db().scalar(
        QStringLiteral("SELECT bonded FROM ledger_accounts WHERE account = ?"), {key.value()}, 0);
    if (!bonded)
        return Error{bonded.error()};
    own.bondedStake = Money::fromMicro(bonded->toLongLong());

    qint64 current = 0;
    QList<qint64> prices;
    for (const Candidate &c : market.value()) {
        if (c.node == own.node)
            current = c.pricePerQuery.micro();
        else
            prices.append(c.pricePerQuery.micro());
    }
    if (current <= 0)
        current = MarketQuery::median(prices);
    own.pricePerQuery = Money::fromMicro(qMax<qint64>(1, current));

    const Parameters &params = reader.params();
    // What customers pay at most: the local customer's limit when known, else the protocol's cap
    // (no customer can pay more than that, but real ones may pay less).
    const Money customerMax =
        customerMaxMicro > 0
            ? Money::fromMicro(qMin(customerMaxMicro, params.maxPricePerQuery.micro()))
            : params.maxPricePerQuery;
    auto projection = PriceProjection::build(market.value(), own, params, customerMax);
    if (!projection)
        return Error{projection.error()};
    return interfaces::PriceCurvePtr(std::make_shared<const ProjectedPriceCurve>(
        std::move(projection).value(), params, demand.value(), current));
}

} // namespace streamsync::console
