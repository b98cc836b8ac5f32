#include "storage/ChunkBuffer.h"

#include <new>

namespace streamsync {

ChunkBuffer::ChunkBuffer(qint64 capacity) : m_capacity(capacity)
{
    // aligned_alloc wants a size that is a multiple of the alignment.
    const qint64 rounded = qMax(kAlignment, (capacity + kAlignment - 1) / kAlignment * kAlignment);
    m_data.reset(static_cast<char *>(std::aligned_alloc(size_t(kAlignment), size_t(rounded))));
    if (!m_data)
        throw std::bad_alloc();
}

} // namespace streamsync
