#pragma once

#include "log/Event.h"
#include "util/Result.h"

#include <QByteArray>

class QIODevice;

namespace streamsync {

// Reads an RFC 8742 CBOR sequence one item at a time, holding at most about two items' worth of
// bytes, so a log file of any size is read in constant memory. Each item comes back as its exact
// bytes, for Event::decode to judge. Items are numbered from 1 in messages; offsets are in bytes
// from the start of the sequence. After a read error the reader stays at its end.
class LogReader
{
public:
    // Reads from an open device that outlives the reader. Limits are capped at 1 GiB.
    explicit LogReader(QIODevice *device, qsizetype maxItemBytes);
    explicit LogReader(QByteArray bytes, qsizetype maxItemBytes);

    // True at a clean end of the sequence, or after a read error.
    bool atEnd();
    // The next item's bytes. Errors name the item and its offset, e.g. "truncated item #7 at
    // byte 912".
    Result<QByteArray> next();
    // The next item decoded as an event; a refusal also names the item and its offset.
    Result<Event> nextEvent();

    qint64 itemsRead() const { return m_itemsRead; }
    qint64 offset() const { return m_dropped + m_pos; }

private:
    void fill();
    Error stop(const QString &message);
    QString where() const;

    QIODevice *m_device = nullptr;
    QByteArray m_buffer;
    qsizetype m_pos = 0;  // start of the next item in m_buffer
    qint64 m_dropped = 0; // bytes already discarded from the front of m_buffer
    qint64 m_itemsRead = 0;
    qsizetype m_maxItemBytes;
    bool m_deviceDone = false;
    bool m_failed = false;
};

} // namespace streamsync
