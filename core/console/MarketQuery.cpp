#include "console/MarketQuery.h"

#include "console/ProjectionReader.h"
#include "console/ReputationQuery.h"
#include "crypto/NodeId.h"
#include "ledger/ReportBodies.h"
#include "log/Event.h"

#include <QHash>
#include <QMap>

#include <algorithm>

namespace streamsync::console {

using interfaces::MarketView;
using interfaces::OfferPoint;
using interfaces::PriceDistributionPoint;

namespace {

struct OfferRow
{
    QByteArray node;
    OfferPoint point;
    bool current = false;
};

Result<QList<OfferRow>> offers(ProjectionReader &reader)
{
    auto rows = reader.db().query(
        QStringLiteral("SELECT node, offer_seq, time_ms, price_query, price_gb_month, current "
                       "FROM ledger_offers ORDER BY time_ms, node, offer_seq"));
    if (!rows)
        return Error{rows.error()};
    QList<OfferRow> list;
    while (rows.value().next()) {
        OfferRow row;
        row.node = rows->value(0).toByteArray();
        const NodeId id = NodeId::fromPublicKey(row.node);
        row.point.nodeId = id.toHex();
        row.point.shortId = id.shortText();
        row.point.offerSeq = rows->value(1).toLongLong();
        row.point.timeMs = rows->value(2).toLongLong();
        row.point.priceQueryMicro = rows->value(3).toLongLong();
        row.point.priceGbMonthMicro = rows->value(4).toLongLong();
        row.current = rows->value(5).toLongLong() != 0;
        list.append(row);
    }
    for (OfferRow &row : list) {
        row.point.label = reader.labelOf(row.node);
        row.point.own = reader.isOwn(row.node);
    }
    return list;
}

// The offers standing at each closed epoch's end: min, median and max of their prices.
QList<PriceDistributionPoint> distribution(const QList<OfferRow> &all,
                                           const QList<ProjectionReader::Epoch> &epochs)
{
    QList<PriceDistributionPoint> points;
    QHash<QByteArray, qint64> standing; // node → price at the epoch's end
    qsizetype next = 0;
    for (const ProjectionReader::Epoch &e : epochs) {
        while (next < all.size() && all[next].point.timeMs < e.endMs) {
            standing.insert(all[next].node, all[next].point.priceQueryMicro);
            ++next;
        }
        if (standing.isEmpty())
            continue;
        const QList<qint64> prices = standing.values();
        const auto [lo, hi] = std::minmax_element(prices.cbegin(), prices.cend());
        points.append({e.epoch, e.endMs, *lo, MarketQuery::median(prices), *hi});
    }
    return points;
}

} // namespace

qint64 MarketQuery::median(QList<qint64> prices)
{
    if (prices.isEmpty())
        return 0;
    std::sort(prices.begin(), prices.end());
    return prices[(prices.size() - 1) / 2];
}

Result<qint64> MarketQuery::queriesPerEpoch(ProjectionReader &reader)
{
    auto rows = reader.db().query(QStringLiteral(
        "SELECT bytes FROM events WHERE kind = 'race_report' AND hash NOT IN (SELECT "
        "event_hash FROM ledger_refusals) ORDER BY time_ms DESC LIMIT 500")); // accepted only
    if (!rows)
        return Error{rows.error()};
    QMap<qint64, qint64> wonByEpoch;
    while (rows.value().next()) {
        const auto event = Event::decode(rows->value(0).toByteArray(), 1 << 20);
        if (!event)
            continue;
        const auto body = RaceReportBody::fromCbor(event->body());
        if (!body)
            continue;
        qint64 &won = wonByEpoch[body->epoch];
        for (const RaceEntry &entry : body->nodes)
            won += entry.won;
    }
    return wonByEpoch.isEmpty() ? 0 : wonByEpoch.last();
}

Result<MarketView> MarketQuery::run(ProjectionReader &reader, interfaces::TimeRange range)
{
    const auto all = offers(reader);
    const auto epochs = reader.closedEpochs(range);
    const auto demand = queriesPerEpoch(reader);
    if (!all || !epochs || !demand)
        return Error{!all ? all.error() : !epochs ? epochs.error() : demand.error()};
    MarketView view;
    view.nowMs = reader.nowMs();
    view.minAllowedMicro = 1;
    view.maxAllowedMicro = reader.params().maxPricePerQuery.micro();
    view.queriesPerEpoch = demand.value();
    QList<qint64> current;
    for (const OfferRow &row : all.value()) {
        if (ProjectionReader::inRange(row.point.timeMs, range))
            view.history.append(row.point);
        if (row.current) {
            view.current.append(row.point);
            current.append(row.point.priceQueryMicro);
        }
    }
    view.medianMicro = median(current);
    view.distribution = distribution(all.value(), epochs.value());
    return view;
}

Result<QList<Candidate>> MarketQuery::candidates(ProjectionReader &reader)
{
    auto rows = reader.db().query(QStringLiteral(
        "SELECT o.node, o.price_query, coalesce(a.bonded, 0), coalesce(n.state, '') FROM "
        "ledger_offers o LEFT JOIN ledger_accounts a ON a.account = o.node LEFT JOIN "
        "ledger_nodes n ON n.node = o.node WHERE o.current = 1"));
    if (!rows)
        return Error{rows.error()};
    QList<QPair<QByteArray, Candidate>> found;
    while (rows.value().next()) {
        Candidate c;
        const QByteArray key = rows->value(0).toByteArray();
        c.node = NodeId::fromPublicKey(key);
        c.pricePerQuery = Money::fromMicro(rows->value(1).toLongLong());
        c.bondedStake = Money::fromMicro(rows->value(2).toLongLong());
        const QString state = rows->value(3).toString();
        // As the ledger's own candidates: a node is online when its last lifecycle is Online.
        c.online = state == QLatin1String("Online");
        found.append({key, c});
    }
    QList<Candidate> list;
    for (auto &[key, candidate] : found) {
        const auto scores = ReputationQuery::latest(reader, key);
        if (!scores)
            return Error{scores.error()};
        candidate.performance = scores->performance;
        candidate.accuracy = scores->accuracy;
        candidate.uptime = scores->uptime;
        candidate.online = candidate.online && !scores->suspended;
        list.append(candidate);
    }
    return list;
}

} // namespace streamsync::console
