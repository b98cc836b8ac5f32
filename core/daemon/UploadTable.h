#pragma once

#include "storage/ChunkUpload.h"
#include "util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <memory>

namespace streamsync {

class ChunkStore;

// The uploads a node is receiving, so that two connections sending the same object (a customer
// that reconnected, two customers storing the same file) share one ChunkUpload and one journal.
// Keyed by the digest of the whole manifest, not just the object id: a manifest with the right
// leaves but wrong chunk hashes can never complete, and must not block an honest one. Holds
// uploads weakly: the connections that announced an upload keep it alive; once they are all
// gone it ends, and its journal leaves the object Incomplete until someone sends it again.
// Thread-safe.
class UploadTable
{
public:
    explicit UploadTable(ChunkStore &store);

    // The running upload of this manifest, or a new one.
    Result<std::shared_ptr<ChunkUpload>> open(const ObjectManifest &manifest);

private:
    void prune();

    ChunkStore &m_store;
    QMutex m_mutex;
    QHash<QByteArray, std::weak_ptr<ChunkUpload>> m_uploads;
};

} // namespace streamsync
