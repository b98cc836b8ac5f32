#include "log/LogReader.h"

#include <QCborStreamReader>
#include <QIODevice>

namespace streamsync {

namespace {

// The buffer holds up to two items; bounding the limit keeps that arithmetic far from overflow.
constexpr qsizetype kLargestLimit = qsizetype(1) << 30;

} // namespace

LogReader::LogReader(QIODevice *device, qsizetype maxItemBytes)
    : m_device(device), m_maxItemBytes(qBound(qsizetype(1), maxItemBytes, kLargestLimit))
{}

LogReader::LogReader(QByteArray bytes, qsizetype maxItemBytes)
    : m_buffer(std::move(bytes)), m_maxItemBytes(qBound(qsizetype(1), maxItemBytes, kLargestLimit)),
      m_deviceDone(true)
{}

bool LogReader::atEnd()
{
    fill();
    return m_failed || m_pos >= m_buffer.size();
}

// Keeps at least one maximal item buffered (or everything left), so an item that does not parse
// within the buffer is either truncated (the device is done) or over the limit.
void LogReader::fill()
{
    if (m_deviceDone || m_buffer.size() - m_pos > m_maxItemBytes)
        return;
    m_buffer.remove(0, m_pos);
    m_dropped += m_pos;
    m_pos = 0;
    const qint64 target = 2 * qint64(m_maxItemBytes) + 1;
    while (!m_deviceDone && m_buffer.size() < target) {
        const QByteArray chunk = m_device->read(target - m_buffer.size());
        m_deviceDone = chunk.isEmpty();
        m_buffer += chunk;
    }
}

Result<QByteArray> LogReader::next()
{
    if (atEnd())
        return Error{QStringLiteral("no item #%1: the log ends at byte %2")
                         .arg(m_itemsRead + 1)
                         .arg(offset())};
    const qsizetype available = m_buffer.size() - m_pos;
    QCborStreamReader reader(m_buffer.constData() + m_pos, available);
    // A tag is an element of its own to the reader; the item is the tag and what it tags.
    while (reader.isTag() && reader.next()) {
    }
    reader.next();
    const qint64 size = reader.currentOffset();
    if (reader.lastError() == QCborError::EndOfFile && available > m_maxItemBytes)
        return stop(QStringLiteral("item %1 is over the limit of %2 bytes")
                        .arg(where())
                        .arg(m_maxItemBytes));
    if (reader.lastError() == QCborError::EndOfFile)
        return stop(QStringLiteral("truncated item %1").arg(where()));
    if (reader.lastError() != QCborError::NoError)
        return stop(
            QStringLiteral("malformed item %1: %2").arg(where(), reader.lastError().toString()));
    if (size > m_maxItemBytes)
        return stop(QStringLiteral("item %1 is over the limit of %2 bytes")
                        .arg(where())
                        .arg(m_maxItemBytes));
    QByteArray item = m_buffer.mid(m_pos, qsizetype(size));
    m_pos += qsizetype(size);
    ++m_itemsRead;
    return item;
}

Result<Event> LogReader::nextEvent()
{
    const QString place = where();
    auto item = next();
    if (!item)
        return Error{item.error()};
    auto event = Event::decode(*item, m_maxItemBytes);
    if (!event)
        return fail(QStringLiteral("item %1: %2").arg(place, event.error()));
    return event;
}

Error LogReader::stop(const QString &message)
{
    m_failed = true;
    return fail(message);
}

QString LogReader::where() const
{
    return QStringLiteral("#%1 at byte %2").arg(m_itemsRead + 1).arg(offset());
}

} // namespace streamsync
