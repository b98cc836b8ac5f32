#include "console/EconomicsQuery.h"

#include "console/ProjectionReader.h"
#include "console/ReadOnlyDb.h"
#include "node/NodeHome.h"

#include <QFile>
#include <QMap>

namespace streamsync::console {

using interfaces::EconomicsPoint;
using interfaces::EconomicsView;

namespace {

constexpr double kBytesPerGb = 1e9;
constexpr double kMonthMs = 30.0 * 24 * 3'600'000;

// What the operator's nodes store, from each node's own database (its process keeps it).
qint64 ownStoredBytes(const ViewContext &context)
{
    qint64 total = 0;
    for (const OwnNode &node : context.own) {
        const QString path = NodeHome::databasePath(node.folder);
        if (!QFile::exists(path))
            continue;
        ReadOnlyDb db;
        if (!db.use(path))
            continue;
        const auto used =
            db.scalar(QStringLiteral("SELECT used_bytes FROM nodes WHERE id = ?"), {node.id}, 0);
        if (used)
            total += used->toLongLong();
    }
    return total;
}

// The whole network's space in use, as the nodes' announcements and current offers tell it.
Result<qint64> networkStoredBytes(ProjectionReader &reader)
{
    const auto used = reader.db().scalar(
        QStringLiteral("SELECT sum(max(0, n.quota_bytes - o.free_bytes)) FROM ledger_offers o "
                       "JOIN ledger_nodes n ON n.node = o.node WHERE o.current = 1"),
        {}, 0);
    if (!used)
        return Error{used.error()};
    return used->toLongLong();
}

// epoch → (fees, subsidy) of `keys`, or of every node when `keys` is empty.
Result<QMap<qint64, QPair<qint64, qint64>>> revenue(ProjectionReader &reader,
                                                    const QList<QByteArray> &keys, bool everyone)
{
    QMap<qint64, QPair<qint64, qint64>> byEpoch;
    auto rows = reader.db().query(QStringLiteral(
        "SELECT node, epoch, source, amount FROM ledger_earnings WHERE source IN ('fees', "
        "'subsidy')"));
    if (!rows)
        return Error{rows.error()};
    while (rows.value().next()) {
        if (!everyone && !keys.contains(rows->value(0).toByteArray()))
            continue;
        auto &pair = byEpoch[rows->value(1).toLongLong()];
        (rows->value(2).toString() == QLatin1String("fees") ? pair.first : pair.second) +=
            rows->value(3).toLongLong();
    }
    return byEpoch;
}

} // namespace

qint64 EconomicsQuery::perGbMonth(qint64 microPerEpoch, qint64 bytes, qint64 epochLengthMs)
{
    if (bytes <= 0 || epochLengthMs <= 0)
        return 0;
    return qint64(double(microPerEpoch) * (kMonthMs / double(epochLengthMs)) /
                  (double(bytes) / kBytesPerGb));
}

Result<EconomicsView> EconomicsQuery::run(ProjectionReader &reader, interfaces::TimeRange range,
                                          interfaces::CostAssumptions costs)
{
    EconomicsView view;
    view.incumbentPerGbMonthMicro = reader.params().incumbentPricePerGbMonth.micro();
    view.epochLengthMs = reader.epochLengthMs();
    QList<QByteArray> keys;
    qint64 quota = 0;
    for (const OwnNode &node : reader.context().own) {
        keys.append(node.publicKey);
        quota += node.quotaBytes;
    }
    const qint64 own = ownStoredBytes(reader.context());
    view.storedBytes = own;
    if (view.storedBytes <= 0) {
        const auto network = networkStoredBytes(reader);
        if (!network)
            return Error{network.error()};
        view.storedBytes = network.value();
        view.wholeNetwork = true;
    }
    const auto byEpoch = revenue(reader, keys, view.wholeNetwork);
    const auto epochs = reader.closedEpochs(range);
    if (!byEpoch || !epochs)
        return Error{byEpoch ? epochs.error() : byEpoch.error()};
    for (const ProjectionReader::Epoch &e : epochs.value()) {
        const auto amounts = byEpoch->value(e.epoch);
        view.points.append(EconomicsPoint{
            e.epoch, e.endMs, perGbMonth(amounts.first, view.storedBytes, reader.epochLengthMs()),
            perGbMonth(amounts.second, view.storedBytes, reader.epochLengthMs())});
    }
    // Electricity is paid for the space set aside, used or not: spread it over what is stored
    // when anything is, else over the quota.
    const double gb = double(own > 0 ? own : quota) / kBytesPerGb;
    view.ownCostPerGbMonthMicro =
        costs.diskPerGbMonthMicro +
        (gb > 0 ? qint64(double(costs.electricityPerMonthMicro) / gb) : 0);
    return view;
}

} // namespace streamsync::console
