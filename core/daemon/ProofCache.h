#pragma once

#include "storage/MerkleLevels.h"
#include "storage/ObjectManifest.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <list>
#include <memory>

namespace streamsync {

// The manifests and Merkle trees of the objects queried lately, so a query reads only its
// chunk: without it every query read and decoded the manifest and re-hashed the tree (with 4 KiB
// chunks of a 4 MiB object, a node answered ~600 queries/s instead of thousands). Bounded by
// the bytes of the trees it holds; the least recently used object goes first. A manifest never
// changes once written, so an entry never goes stale. Thread-safe.
class ProofCache
{
public:
    struct Entry
    {
        ObjectManifest manifest;
        MerkleLevels tree;
    };

    explicit ProofCache(qint64 maxBytes = qint64(32) << 20);

    std::shared_ptr<const Entry> find(const QByteArray &objectId);
    // `manifest` was read from the store, which checked its leaves against its id.
    std::shared_ptr<const Entry> insert(const ObjectManifest &manifest);

private:
    static qint64 sizeOf(const Entry &entry);
    void evictLocked();

    struct Slot
    {
        std::shared_ptr<const Entry> entry;
        std::list<QByteArray>::iterator recency;
    };

    const qint64 m_maxBytes;
    QMutex m_mutex;
    QHash<QByteArray, Slot> m_slots;
    std::list<QByteArray> m_recency; // least recently used first
    qint64 m_bytes = 0;
};

} // namespace streamsync
