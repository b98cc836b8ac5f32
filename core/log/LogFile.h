#pragma once

#include "log/Feed.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

class QIODevice;

namespace streamsync {

// What `log verify` found in an exported log.
struct LogVerifyReport
{
    QMap<QByteArray, quint64> eventsPerAuthor; // events that passed, per author key
    quint64 events = 0;                        // all events that passed
    QString firstError;                        // empty when the whole sequence is valid
    bool valid() const { return firstError.isEmpty(); }
};

// Writes encoded events back to back: an RFC 8742 CBOR sequence, readable by any CBOR library.
Result<void> writeSequence(QIODevice &device, const QList<QByteArray> &encodedEvents);

// Reads a log export from the device to its end, in constant memory, and checks that it is in
// (author, seq) order and that every author's chain is intact: seq 1, 2, …, each prev the hash of
// the event before, every signature valid. Stops at the first problem and reports it with the
// counts so far. Fails only if the device cannot be read at all.
Result<LogVerifyReport> verifySequence(QIODevice &device,
                                       qsizetype maxEventBytes = Feed::kDefaultMaxEventBytes);

} // namespace streamsync
