#pragma once

#include "storage/ObjectManifest.h"
#include "util/Result.h"

#include <QByteArrayView>
#include <QList>
#include <QMutex>

#include <memory>

namespace streamsync {

class ChunkFiles;
class ManifestFiles;
class PartialJournal;
class SpaceGuard;
class StoreLayout;

// An object a peer sends chunk by chunk (store_manifest, then store_chunk in any order, from
// any number of connections) rather than as one stream: created by ChunkStore::beginUpload()
// from the customer's manifest, whose leaves must hash to its id. Each chunk is checked against
// the manifest (both its name and its Merkle leaf), admitted against the quota and free space,
// and stored durably (file and folder fsynced) before putChunk() returns, so an ack sent after
// it survives a crash. The object is journaled from the start, so an interrupted upload leaves
// it Incomplete; the manifest is written when the last chunk lands, which makes it Complete.
// Chunks the store already holds count as received at once.
//
// Thread-safe: chunks of one object may be stored on several threads at once. The upload must
// not outlive its ChunkStore.
class ChunkUpload
{
public:
    struct Context
    {
        const StoreLayout &layout;
        ChunkFiles &chunks;
        ManifestFiles &manifests;
        SpaceGuard &space;
    };

    static Result<std::unique_ptr<ChunkUpload>> begin(const Context &context,
                                                      const ObjectManifest &manifest);
    ~ChunkUpload();
    ChunkUpload(const ChunkUpload &) = delete;
    ChunkUpload &operator=(const ChunkUpload &) = delete;

    const ObjectManifest &manifest() const { return m_manifest; }
    // Indexes of the chunks not stored yet, ascending.
    QList<qint64> missing() const;
    // The manifest is durable: the store reports the object Complete.
    bool isComplete() const;
    // Stores chunk `index` (a chunk already stored is accepted again without a write). Returns
    // whether the object is complete after it.
    Result<bool> putChunk(qint64 index, QByteArrayView bytes);

private:
    ChunkUpload(const Context &context, ObjectManifest manifest);
    Result<void> start();
    Result<void> checkChunk(qint64 index, QByteArrayView bytes) const;
    Result<void> storeChunk(qint64 index, QByteArrayView bytes);
    Result<void> sealLocked();
    Result<void> checkSizeLocked() const;

    Context m_context;
    ObjectManifest m_manifest;
    std::unique_ptr<PartialJournal> m_journal;
    mutable QMutex m_mutex;
    QList<bool> m_stored;
    qint64 m_missing = 0;
    bool m_complete = false;
};

} // namespace streamsync
