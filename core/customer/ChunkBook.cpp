#include "customer/ChunkBook.h"

#include <algorithm>

namespace streamsync {

void ChunkBook::setLeafCount(const QByteArray &objectId, qint64 leafCount)
{
    m_objects[objectId].leafCount = leafCount;
}

void ChunkBook::learn(const QByteArray &objectId, qint64 index, const QByteArray &chunkHash)
{
    m_objects[objectId].hashes.insert(index, chunkHash);
}

qint64 ChunkBook::leafCount(const QByteArray &objectId) const
{
    return m_objects.value(objectId).leafCount;
}

QByteArray ChunkBook::chunkHash(const QByteArray &objectId, qint64 index) const
{
    return m_objects.value(objectId).hashes.value(index);
}

QList<qint64> ChunkBook::knownChunks(const QByteArray &objectId) const
{
    QList<qint64> indexes = m_objects.value(objectId).hashes.keys();
    std::sort(indexes.begin(), indexes.end());
    return indexes;
}

} // namespace streamsync
