#pragma once

#include <QByteArray>
#include <QList>

namespace streamsync {

// An object's whole RFC 6962 tree, kept to hand out many audit paths: built once in O(n), then
// each path is O(log n) copied hashes, where MerkleTree::inclusionProof() re-hashes the leaves
// every time (about 2n hashes; with 1024 chunks that was most of a query's cost).
//
// Level 0 holds the leaf hashes; each level above pairs neighbours, and an unpaired last node is
// carried up unchanged. That is RFC 6962's tree (split at the largest power of two below n): its
// left subtrees are complete, so only the right edge can be unpaired. Levels are stored as
// concatenated 32-byte hashes to keep a cached tree small (~64 bytes per leaf).
class MerkleLevels
{
public:
    explicit MerkleLevels(const QList<QByteArray> &leafHashes);

    qint64 leafCount() const;
    QByteArray root() const;
    // PATH(index, leaves) of RFC 6962 §2.1.1, nearest sibling first; empty when out of range.
    QList<QByteArray> inclusionProof(qint64 index) const;
    qint64 memoryBytes() const;

private:
    static qint64 count(const QByteArray &level);
    static QByteArray hashAt(const QByteArray &level, qint64 i);

    QList<QByteArray> m_levels;
};

} // namespace streamsync
