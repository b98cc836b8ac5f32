#include "ledger/LedgerReplay.h"

#include "crypto/Ed25519.h"
#include "db/Database.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerProjection.h"
#include "log/LogReader.h"

#include <QElapsedTimer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <limits>
#include <optional>

namespace streamsync {

namespace {

// Large enough that scheduling costs nothing, small enough that two cores finish together.
constexpr qsizetype kBatch = 512;
// Stored events passed the limit in force when they arrived; a later, lower limit must not make
// the node's own log unreadable.
constexpr qsizetype kNoLimit = std::numeric_limits<qsizetype>::max();

struct Batch
{
    const QList<QByteArray> *encoded = nullptr;
    qsizetype begin = 0;
    qsizetype end = 0;
    qsizetype maxEventBytes = 0;
};

struct Verified
{
    QList<Event> events;
    QString error;
};

Verified verifyBatch(const Batch &batch)
{
    Verified out;
    out.events.reserve(batch.end - batch.begin);
    // Feeds come author by author, so one parsed key serves a whole run of events.
    std::optional<Ed25519PublicKey> key;
    for (qsizetype i = batch.begin; i < batch.end; ++i) {
        auto event = Event::decode(batch.encoded->at(i), batch.maxEventBytes);
        if (!event) {
            out.error = QStringLiteral("event #%1 of the log: %2").arg(i + 1).arg(event.error());
            return out;
        }
        if (!key || key->raw() != event->author()) {
            auto parsed = Ed25519PublicKey::fromRaw(event->author());
            if (!parsed) {
                out.error = QStringLiteral("event %1: %2").arg(event->shortName(), parsed.error());
                return out;
            }
            key = std::move(parsed).value();
        }
        if (!event->signatureValid(*key)) {
            out.error = QStringLiteral("event %1 has a bad signature").arg(event->shortName());
            return out;
        }
        out.events.append(std::move(event).value());
    }
    return out;
}

qint64 lap(QElapsedTimer &timer)
{
    const qint64 ms = timer.elapsed();
    timer.restart();
    return ms;
}

} // namespace

double ReplayReport::eventsPerSecond() const
{
    return double(events) * 1000.0 / double(std::max<qint64>(totalMs, 1));
}

QString ReplayReport::summary() const
{
    return QStringLiteral("replayed %1 events in %2 ms (%3 events/s: read %4 ms, verify %5 ms on "
                          "%6 threads, fold %7 ms, write %8 ms); last closed epoch %9, %10 "
                          "refused")
        .arg(events)
        .arg(totalMs)
        .arg(qint64(eventsPerSecond()))
        .arg(readMs)
        .arg(verifyMs)
        .arg(threads)
        .arg(foldMs)
        .arg(writeMs)
        .arg(lastClosedEpoch)
        .arg(refusals);
}

Result<QList<Event>> LedgerReplay::verifyAll(const QList<QByteArray> &encoded,
                                             qsizetype maxEventBytes)
{
    QList<Batch> batches;
    for (qsizetype begin = 0; begin < encoded.size(); begin += kBatch)
        batches.append({&encoded, begin, std::min(encoded.size(), begin + kBatch), maxEventBytes});
    const QList<Verified> verified = QtConcurrent::blockingMapped(batches, verifyBatch);
    QList<Event> events;
    events.reserve(encoded.size());
    for (const Verified &v : verified) {
        if (!v.error.isEmpty())
            return fail(v.error);
        events += v.events;
    }
    return events;
}

Result<ReplayReport> LedgerReplay::replay(const QList<QByteArray> &encoded, qint64 readMs,
                                          Database &db, const LedgerConfig &config, qint64 nowMs)
{
    ReplayReport report;
    report.readMs = readMs;
    report.threads = QThreadPool::globalInstance()->maxThreadCount();
    QElapsedTimer timer;
    timer.start();
    const auto events = verifyAll(encoded, kNoLimit);
    if (!events)
        return Error{events.error()};
    report.verifyMs = lap(timer);
    Ledger ledger(config);
    ledger.addAll(*events);
    if (ledger.eventCount() != events->size())
        return fail(QStringLiteral("%1 of the log's %2 events do not extend their feeds "
                                   "(duplicates, gaps or a wrong prev)")
                        .arg(events->size() - ledger.eventCount())
                        .arg(events->size()));
    report.foldMs = lap(timer);
    if (auto written = LedgerProjection::write(db, ledger, nowMs); !written)
        return Error{written.error()};
    report.writeMs = lap(timer);
    report.events = ledger.eventCount();
    report.lastClosedEpoch = ledger.lastClosedEpoch();
    report.refusals = ledger.state().refusals.size();
    report.totalMs = report.readMs + report.verifyMs + report.foldMs + report.writeMs;
    return report;
}

Result<ReplayReport> LedgerReplay::fromDatabase(Database &db, const LedgerConfig &config,
                                                qint64 nowMs)
{
    QElapsedTimer timer;
    timer.start();
    auto rows = db.query(QStringLiteral("SELECT bytes FROM events ORDER BY author, seq"));
    if (!rows)
        return Error{rows.error()};
    QList<QByteArray> encoded;
    while (rows.value().next())
        encoded.append(rows->value(0).toByteArray());
    return replay(encoded, timer.elapsed(), db, config, nowMs);
}

Result<ReplayReport> LedgerReplay::fromFile(QIODevice &device, Database &db,
                                            const LedgerConfig &config, qint64 nowMs)
{
    QElapsedTimer timer;
    timer.start();
    LogReader reader(&device, config.params.maxEventBytes);
    QList<QByteArray> encoded;
    while (!reader.atEnd()) {
        auto item = reader.next();
        if (!item)
            return Error{item.error()};
        encoded.append(std::move(item).value());
    }
    return replay(encoded, timer.elapsed(), db, config, nowMs);
}

} // namespace streamsync
