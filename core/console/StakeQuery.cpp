#include "console/StakeQuery.h"

#include "console/ProjectionReader.h"
#include "crypto/NodeId.h"
#include "money/Money.h"

namespace streamsync::console {

using interfaces::SlashRecord;
using interfaces::StakePoint;
using interfaces::StakeView;
using interfaces::UnbondingEntry;

namespace {

Result<void> readAccount(ProjectionReader &reader, const QByteArray &key, StakeView &view)
{
    auto rows = reader.db().query(QStringLiteral("SELECT balance, bonded, unbonding FROM "
                                                 "ledger_accounts WHERE account = ?"),
                                  {key});
    if (!rows)
        return Error{rows.error()};
    if (rows.value().next()) {
        view.balanceMicro = rows->value(0).toLongLong();
        view.bondedMicro = rows->value(1).toLongLong();
        view.unbondingMicro = rows->value(2).toLongLong();
    }
    return {};
}

Result<void> readUnbonding(ProjectionReader &reader, const QByteArray &key, StakeView &view)
{
    auto rows = reader.db().query(QStringLiteral("SELECT amount, release_ms FROM ledger_unbonding "
                                                 "WHERE node = ? ORDER BY release_ms"),
                                  {key});
    if (!rows)
        return Error{rows.error()};
    while (rows.value().next())
        view.unbonding.append(
            UnbondingEntry{rows->value(0).toLongLong(), rows->value(1).toLongLong()});
    return {};
}

// Who signed the event that proved the slash: a `slash` event's author, or an epoch close's.
QString reporterOf(ProjectionReader &reader, const QByteArray &eventHash)
{
    const auto author =
        reader.db().scalar(QStringLiteral("SELECT author FROM events WHERE hash = ?"), {eventHash});
    if (!author || author->isNull())
        return QStringLiteral("unknown");
    return NodeId::fromPublicKey(author->toByteArray()).shortText();
}

Result<void> readSlashes(ProjectionReader &reader, const QByteArray &key,
                         interfaces::TimeRange range, StakeView &view)
{
    auto rows = reader.db().query(QStringLiteral("SELECT event_hash, amount, time_ms, epoch, "
                                                 "reason FROM ledger_slashes WHERE node = ? "
                                                 "ORDER BY time_ms"),
                                  {key});
    if (!rows)
        return Error{rows.error()};
    QList<QPair<QByteArray, SlashRecord>> found;
    while (rows.value().next()) {
        SlashRecord s;
        const QByteArray hash = rows->value(0).toByteArray();
        s.amountMicro = rows->value(1).toLongLong();
        s.timeMs = rows->value(2).toLongLong();
        s.eventHash = s.proofHash = QString::fromLatin1(hash.toHex());
        s.proofText =
            QStringLiteral("Epoch %1: %2 (%3 slashed)")
                .arg(rows->value(3).toLongLong())
                .arg(rows->value(4).toString(), Money::fromMicro(s.amountMicro).toString());
        if (ProjectionReader::inRange(s.timeMs, range))
            found.append({hash, s});
    }
    for (auto &[hash, slash] : found) {
        slash.reporter = reporterOf(reader, hash);
        view.slashes.append(slash);
    }
    return {};
}

Result<void> readHistory(ProjectionReader &reader, const QByteArray &key,
                         interfaces::TimeRange range, StakeView &view)
{
    auto rows = reader.db().query(
        QStringLiteral("SELECT coalesce(e.end_ms, ?), s.bonded, s.unbonding FROM ledger_stake s "
                       "LEFT JOIN ledger_epochs e ON e.epoch = s.epoch WHERE s.node = ? "
                       "ORDER BY s.epoch"),
        {reader.projectedMs(), key});
    if (!rows)
        return Error{rows.error()};
    while (rows.value().next()) {
        const StakePoint p{rows->value(0).toLongLong(), rows->value(1).toLongLong(),
                           rows->value(2).toLongLong()};
        if (ProjectionReader::inRange(p.timeMs, range))
            view.history.append(p);
    }
    return {};
}

} // namespace

Result<StakeView> StakeQuery::run(ProjectionReader &reader, const QString &nodeId,
                                  interfaces::TimeRange range)
{
    const auto key = reader.keyOf(nodeId);
    if (!key)
        return Error{key.error()};
    StakeView view;
    view.nodeId = nodeId;
    view.minStakeMicro = reader.params().minStake.micro();
    view.stakeCapMicro = reader.params().stakeCap.micro();
    for (const auto &step :
         {readAccount(reader, key.value(), view), readUnbonding(reader, key.value(), view),
          readSlashes(reader, key.value(), range, view),
          readHistory(reader, key.value(), range, view)}) {
        if (!step)
            return Error{step.error()};
    }
    return view;
}

} // namespace streamsync::console
