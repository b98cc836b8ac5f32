#pragma once

#include "ledger/LedgerConfig.h"
#include "log/Event.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace streamsync {

class Database;
class Ledger;

// What a replay did and how fast (`streamsync-node log replay` prints it).
struct ReplayReport
{
    qint64 events = 0;
    qint64 lastClosedEpoch = -1;
    qint64 refusals = 0; // events the rules refused (they are in ledger_refusals)
    int threads = 1;     // that verified signatures
    qint64 readMs = 0;
    qint64 verifyMs = 0; // decoding and signatures, on `threads` threads
    qint64 foldMs = 0;
    qint64 writeMs = 0;
    qint64 totalMs = 0;

    double eventsPerSecond() const;
    // One line, e.g. "replayed 100000 events in 2310 ms (43290 events/s: read 120 ms, verify
    // 1510 ms on 2 threads, fold 480 ms, write 200 ms); last closed epoch 41, 37 refused".
    QString summary() const;
};

// Rebuilds a node's ledger projection from the log alone (docs/market.md): reads every event
// (from the database's `events` table, or an RFC 8742 file), decodes it and checks its signature
// on every core, folds the set into a Ledger and writes LedgerProjection, in one transaction.
// An event that does not decode, verify or extend its feed stops the replay with its name: the
// log it reads is supposed to hold only valid feeds.
class LedgerReplay
{
public:
    static Result<ReplayReport> fromDatabase(Database &db, const LedgerConfig &config,
                                             qint64 nowMs);
    // Reads the events from `device` (an export) and writes the projection into `db`.
    static Result<ReplayReport> fromFile(QIODevice &device, Database &db,
                                         const LedgerConfig &config, qint64 nowMs);

    // Decodes and verifies encoded events on every core of the global thread pool, keeping their
    // order. Fails naming the first bad one.
    static Result<QList<Event>> verifyAll(const QList<QByteArray> &encoded,
                                          qsizetype maxEventBytes);

private:
    static Result<ReplayReport> replay(const QList<QByteArray> &encoded, qint64 readMs,
                                       Database &db, const LedgerConfig &config, qint64 nowMs);
};

} // namespace streamsync
