#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace streamsync {

// The RFC 6962 / RFC 9162 Merkle tree over an object's chunks (DESIGN §6). Leaves are given as
// their leaf hashes, SHA-256(0x00 ‖ chunk), so a caller that streams chunks hashes each chunk
// once and keeps 32 bytes per chunk. An object's id is the root of its leaves.
class MerkleTree
{
public:
    static constexpr int kHashBytes = 32;

    static QByteArray leafHash(QByteArrayView chunk);
    static QByteArray nodeHash(QByteArrayView left, QByteArrayView right);
    // MTH({}) = SHA-256(""), the RFC's empty-tree hash.
    static QByteArray emptyRoot();
    // The largest power of two strictly smaller than n (n >= 2): where RFC 6962 splits a tree.
    static qint64 splitPoint(qint64 n);

    static QByteArray root(const QList<QByteArray> &leafHashes);
    // The audit path PATH(index, leaves) of RFC 6962 §2.1.1, nearest sibling first. Empty when
    // index is out of range (and for a one-leaf tree, whose path is empty by definition).
    static QList<QByteArray> inclusionProof(const QList<QByteArray> &leafHashes, qint64 index);
    // RFC 9162 §2.1.3.2: true iff `proof` shows `leafHash` at `index` in the tree of
    // `leafCount` leaves whose root is `root`.
    static bool verifyInclusion(QByteArrayView root, qint64 index, qint64 leafCount,
                                QByteArrayView leafHash, const QList<QByteArray> &proof);
};

} // namespace streamsync
