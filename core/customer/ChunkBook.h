#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>

namespace streamsync {

// What the customer knows of each object's chunks: the leaf count and the SHA-256 of the chunks
// it has seen (from its object book, or learnt from verified answers), since an audit's
// fetch_chunk must name the chunk by hash.
class ChunkBook
{
public:
    void setLeafCount(const QByteArray &objectId, qint64 leafCount);
    void learn(const QByteArray &objectId, qint64 index, const QByteArray &chunkHash);
    // 0 while unknown.
    qint64 leafCount(const QByteArray &objectId) const;
    QByteArray chunkHash(const QByteArray &objectId, qint64 index) const;
    // Indexes whose hash is known.
    QList<qint64> knownChunks(const QByteArray &objectId) const;
    QList<QByteArray> objects() const { return m_objects.keys(); }

private:
    struct Object
    {
        qint64 leafCount = 0;
        QHash<qint64, QByteArray> hashes;
    };
    QHash<QByteArray, Object> m_objects;
};

} // namespace streamsync
