#include "console/EarningsQuery.h"

#include "console/ProjectionReader.h"
#include "money/Money.h"

#include <QDateTime>
#include <QMap>

namespace streamsync::console {

using interfaces::EarningsSeries;
using interfaces::EpochEarnings;

namespace {

struct Amounts
{
    qint64 fees = 0;
    qint64 dividend = 0;
    qint64 subsidy = 0;
    qint64 total() const { return fees + dividend + subsidy; }
};

// epoch → what `keys` earned in it, by source.
Result<QMap<qint64, Amounts>> earningsByEpoch(ProjectionReader &reader,
                                              const QList<QByteArray> &keys)
{
    QMap<qint64, Amounts> byEpoch;
    for (const QByteArray &key : keys) {
        auto rows = reader.db().query(
            QStringLiteral("SELECT epoch, source, amount FROM ledger_earnings WHERE node = ?"),
            {key});
        if (!rows)
            return Error{rows.error()};
        while (rows.value().next()) {
            Amounts &a = byEpoch[rows->value(0).toLongLong()];
            const QString source = rows->value(1).toString();
            const qint64 amount = rows->value(2).toLongLong();
            if (source == QLatin1String("fees"))
                a.fees += amount;
            else if (source == QLatin1String("dividend"))
                a.dividend += amount;
            else if (source == QLatin1String("subsidy"))
                a.subsidy += amount;
        }
    }
    return byEpoch;
}

qint64 localMidnightMs(qint64 nowMs)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    return now.date().startOfDay().toMSecsSinceEpoch();
}

QString credits(qint64 micro)
{
    return Money::fromMicro(micro).toString().remove(QStringLiteral(" cr"));
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

Result<EarningsSeries> EarningsQuery::run(ProjectionReader &reader, const QString &nodeId,
                                          interfaces::TimeRange range)
{
    const auto keys = reader.keysFor(nodeId);
    if (!keys)
        return Error{keys.error()};
    const auto byEpoch = earningsByEpoch(reader, keys.value());
    const auto closed = reader.closedEpochs({});
    if (!byEpoch || !closed)
        return Error{byEpoch ? closed.error() : byEpoch.error()};

    EarningsSeries series;
    series.nodeId = nodeId;
    series.epochLengthMs = reader.epochLengthMs();
    const qint64 midnight = localMidnightMs(reader.nowMs());
    qint64 lastClosed = -1;
    QList<qint64> recentTotals;
    for (const ProjectionReader::Epoch &e : closed.value()) {
        const Amounts a = byEpoch->value(e.epoch);
        lastClosed = e.epoch;
        recentTotals.append(a.total());
        if (e.endMs >= midnight)
            series.todayMicro += a.total();
        if (!ProjectionReader::inRange(e.endMs, range))
            continue;
        series.epochs.append(EpochEarnings{e.epoch, e.startMs, e.endMs, a.fees, a.dividend,
                                           a.subsidy, QString::fromLatin1(e.closeHash.toHex())});
    }
    for (auto it = byEpoch->cbegin(); it != byEpoch->cend(); ++it) {
        series.totalMicro += it.value().total();
        if (it.key() > lastClosed) {
            series.runningEpochMicro += it.value().total();
            series.todayMicro += it.value().total();
        }
    }
    // The running epoch at the current rate. Fees reach the ledger as vouchers posted just after
    // an epoch ends, and dividend and subsidy at its close, so what the open epoch holds early on
    // is mostly the last epoch's fees: the rate is that of the last (up to 3) closed epochs, and
    // only before any close the open epoch's own, scaled to a whole epoch.
    const qint64 running = reader.epochOf(reader.nowMs());
    if (!recentTotals.isEmpty()) {
        const qsizetype recent = qMin<qsizetype>(3, recentTotals.size());
        qint64 sum = 0;
        for (qsizetype i = recentTotals.size() - recent; i < recentTotals.size(); ++i)
            sum += recentTotals[i];
        series.estimateEpochMicro = sum / recent;
    } else if (running >= 0) {
        const qint64 start = reader.genesisStartMs() + running * series.epochLengthMs;
        const qint64 elapsed = qMax<qint64>(1, reader.nowMs() - start);
        series.estimateEpochMicro = qint64(double(series.runningEpochMicro) *
                                           double(series.epochLengthMs) / double(elapsed));
    }
    // 30 days at the mean of the last (up to 24) closed epochs.
    const qsizetype window = qMin<qsizetype>(24, recentTotals.size());
    if (window > 0) {
        qint64 sum = 0;
        for (qsizetype i = recentTotals.size() - window; i < recentTotals.size(); ++i)
            sum += recentTotals[i];
        const double perEpoch = double(sum) / double(window);
        series.estimateMonthMicro =
            qint64(perEpoch * (30.0 * 24 * 3'600'000) / double(series.epochLengthMs));
    }
    return series;
}

QByteArray EarningsQuery::csv(const EarningsSeries &series)
{
    QByteArray out("epoch,start_utc,end_utc,fees_cr,dividend_cr,subsidy_cr,total_cr,close_event\n");
    for (const EpochEarnings &e : series.epochs) {
        const QStringList fields{QString::number(e.epoch),
                                 isoTime(e.startMs),
                                 isoTime(e.endMs),
                                 credits(e.feesMicro),
                                 credits(e.dividendMicro),
                                 credits(e.subsidyMicro),
                                 credits(e.feesMicro + e.dividendMicro + e.subsidyMicro),
                                 e.closeEventHash};
        out += fields.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return out;
}

} // namespace streamsync::console
