#include "storage/MerkleLevels.h"

#include "storage/MerkleTree.h"

namespace streamsync {

namespace {

constexpr qint64 kHash = MerkleTree::kHashBytes;

} // namespace

MerkleLevels::MerkleLevels(const QList<QByteArray> &leafHashes)
{
    QByteArray level;
    level.reserve(leafHashes.size() * kHash);
    for (const QByteArray &leaf : leafHashes)
        level.append(leaf);
    m_levels.append(level);
    while (count(m_levels.last()) > 1) {
        const QByteArray &below = m_levels.last();
        const qint64 n = count(below);
        QByteArray above;
        above.reserve((n + 1) / 2 * kHash);
        for (qint64 i = 0; i + 1 < n; i += 2)
            above.append(MerkleTree::nodeHash(hashAt(below, i), hashAt(below, i + 1)));
        if (n % 2 == 1)
            above.append(hashAt(below, n - 1));
        m_levels.append(above);
    }
}

qint64 MerkleLevels::count(const QByteArray &level)
{
    return level.size() / kHash;
}

QByteArray MerkleLevels::hashAt(const QByteArray &level, qint64 i)
{
    return level.mid(i * kHash, kHash);
}

qint64 MerkleLevels::leafCount() const
{
    return count(m_levels.first());
}

QByteArray MerkleLevels::root() const
{
    return leafCount() == 0 ? MerkleTree::emptyRoot() : m_levels.last();
}

QList<QByteArray> MerkleLevels::inclusionProof(qint64 index) const
{
    QList<QByteArray> path;
    if (index < 0 || index >= leafCount())
        return path;
    for (qsizetype level = 0; level + 1 < m_levels.size(); ++level) {
        const qint64 sibling = index ^ 1;
        // The last node of an odd level has no sibling there: it was carried up as it is.
        if (sibling < count(m_levels[level]))
            path.append(hashAt(m_levels[level], sibling));
        index >>= 1;
    }
    return path;
}

qint64 MerkleLevels::memoryBytes() const
{
    qint64 bytes = 0;
    for (const QByteArray &level : m_levels)
        bytes += level.size();
    return bytes;
}

} // namespace streamsync
