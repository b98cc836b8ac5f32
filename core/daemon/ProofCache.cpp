#include "daemon/ProofCache.h"

namespace streamsync {

ProofCache::ProofCache(qint64 maxBytes) : m_maxBytes(maxBytes) {}

qint64 ProofCache::sizeOf(const Entry &entry)
{
    // The tree plus the manifest's two hashes per chunk.
    return entry.tree.memoryBytes() + 2 * 32 * entry.manifest.chunkCount();
}

std::shared_ptr<const ProofCache::Entry> ProofCache::find(const QByteArray &objectId)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_slots.find(objectId);
    if (it == m_slots.end())
        return nullptr;
    m_recency.splice(m_recency.end(), m_recency, it->recency);
    return it->entry;
}

std::shared_ptr<const ProofCache::Entry> ProofCache::insert(const ObjectManifest &manifest)
{
    // Built outside the lock: hashing a large tree must not stall other queries.
    auto entry = std::make_shared<const Entry>(Entry{manifest, MerkleLevels(manifest.leafHashes)});
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_slots.constFind(manifest.objectId); it != m_slots.constEnd())
        return it->entry;
    m_slots.insert(manifest.objectId,
                   Slot{entry, m_recency.insert(m_recency.end(), manifest.objectId)});
    m_bytes += sizeOf(*entry);
    evictLocked();
    return entry;
}

void ProofCache::evictLocked()
{
    // The newest entry always stays, however large: the query that brought it needs it.
    while (m_bytes > m_maxBytes && m_recency.size() > 1) {
        m_bytes -= sizeOf(*m_slots.take(m_recency.front()).entry);
        m_recency.pop_front();
    }
}

} // namespace streamsync
