#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <cstdlib>
#include <memory>

namespace streamsync {

// A chunk's bytes in page-aligned memory, so a full chunk can be written with O_DIRECT (no
// copy into the page cache: measured about half of ingest's CPU time here). Buffers are reused
// from chunk to chunk, which also spares the page faults of fresh 1 MiB allocations.
class ChunkBuffer
{
public:
    static constexpr qint64 kAlignment = 4096;

    explicit ChunkBuffer(qint64 capacity);

    char *data() { return m_data.get(); }
    const char *data() const { return m_data.get(); }
    qint64 capacity() const { return m_capacity; }
    qint64 size() const { return m_size; }
    void setSize(qint64 size) { m_size = qBound<qint64>(0, size, m_capacity); }
    QByteArrayView view() const { return QByteArrayView(m_data.get(), m_size); }

private:
    struct Free
    {
        void operator()(char *p) const { std::free(p); }
    };
    std::unique_ptr<char, Free> m_data;
    qint64 m_capacity;
    qint64 m_size = 0;
};

} // namespace streamsync
