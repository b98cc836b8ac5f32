#pragma once

#include "log/Refusal.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace streamsync {

class Database;
class EventStore;

// What became of one `events` reply handed to the store.
struct IntakeReport
{
    int stored = 0;
    int duplicates = 0;
    QList<QByteArray> forks; // rivals the store answered Fork for (their proofs are stored)
    // The first refused event ends the batch: the events after it build on it, so they would
    // only be refused as gaps.
    Refusal refusal = Refusal::None;
    QString refusalText;
    // Set when the database failed; the whole batch was then rolled back.
    QString failure;
};

// Accepts a batch of encoded events through the store, all in one transaction: one commit (and
// fsync) per batch instead of one per event is what lets a node catch up on a long feed quickly.
IntakeReport acceptBatch(EventStore &store, Database &db, const QList<QByteArray> &events);

} // namespace streamsync
