#include "storage/MerkleTree.h"

#include "crypto/Sha256.h"

namespace streamsync {

namespace {

// Leaves of one subtree: a window into the caller's list, so recursion copies no hashes.
struct Span
{
    const QByteArray *first;
    qint64 count;

    Span left(qint64 k) const { return {first, k}; }
    Span right(qint64 k) const { return {first + k, count - k}; }
};

QByteArray subtreeRoot(Span leaves)
{
    if (leaves.count == 1)
        return *leaves.first;
    const qint64 k = MerkleTree::splitPoint(leaves.count);
    return MerkleTree::nodeHash(subtreeRoot(leaves.left(k)), subtreeRoot(leaves.right(k)));
}

// PATH(m, D[n]) of RFC 6962 §2.1.1, appended nearest-sibling first.
void appendPath(Span leaves, qint64 m, QList<QByteArray> &path)
{
    if (leaves.count <= 1)
        return;
    const qint64 k = MerkleTree::splitPoint(leaves.count);
    if (m < k) {
        appendPath(leaves.left(k), m, path);
        path.append(subtreeRoot(leaves.right(k)));
    } else {
        appendPath(leaves.right(k), m - k, path);
        path.append(subtreeRoot(leaves.left(k)));
    }
}

} // namespace

QByteArray MerkleTree::leafHash(QByteArrayView chunk)
{
    static const char prefix = 0x00;
    Sha256 hash;
    hash.add(QByteArrayView(&prefix, 1));
    hash.add(chunk);
    return hash.finish();
}

QByteArray MerkleTree::nodeHash(QByteArrayView left, QByteArrayView right)
{
    static const char prefix = 0x01;
    Sha256 hash;
    hash.add(QByteArrayView(&prefix, 1));
    hash.add(left);
    hash.add(right);
    return hash.finish();
}

QByteArray MerkleTree::emptyRoot()
{
    return sha256(QByteArrayView());
}

qint64 MerkleTree::splitPoint(qint64 n)
{
    qint64 k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

QByteArray MerkleTree::root(const QList<QByteArray> &leafHashes)
{
    if (leafHashes.isEmpty())
        return emptyRoot();
    return subtreeRoot({leafHashes.constData(), leafHashes.size()});
}

QList<QByteArray> MerkleTree::inclusionProof(const QList<QByteArray> &leafHashes, qint64 index)
{
    QList<QByteArray> path;
    if (index < 0 || index >= leafHashes.size())
        return path;
    appendPath({leafHashes.constData(), leafHashes.size()}, index, path);
    return path;
}

bool MerkleTree::verifyInclusion(QByteArrayView root, qint64 index, qint64 leafCount,
                                 QByteArrayView leafHash, const QList<QByteArray> &proof)
{
    if (index < 0 || index >= leafCount || root.size() != kHashBytes ||
        leafHash.size() != kHashBytes)
        return false;
    quint64 fn = quint64(index);
    quint64 sn = quint64(leafCount - 1);
    QByteArray r = leafHash.toByteArray();
    for (const QByteArray &p : proof) {
        if (sn == 0 || p.size() != kHashBytes)
            return false;
        if ((fn & 1) != 0 || fn == sn) {
            r = nodeHash(p, r);
            // A right edge with no sibling at this level: climb until this node is a right child.
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            r = nodeHash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

} // namespace streamsync
