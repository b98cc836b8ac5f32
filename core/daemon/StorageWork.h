#pragma once

#include "daemon/ProofCache.h"
#include "daemon/ServeHooks.h"
#include "daemon/UploadTable.h"
#include "net/StorageMessages.h"
#include "storage/StoreLayout.h"
#include "util/Result.h"

#include <QCborMap>

#include <atomic>
#include <memory>

namespace streamsync {

class ChunkStore;
class ChunkUpload;
class Ed25519SigningKey;

// What a node does for one storage request or query: disk work and hashing, turned into the
// reply to send (net/StorageMessages.h). Thread-safe and blocking, meant for the storage
// service's worker threads; knows nothing of connections. Every refusal is a reply with a
// reason, never a dropped request.
class StorageWork
{
public:
    struct Outcome
    {
        QCborMap reply;
        // A store_manifest's upload, for the connection to keep while it sends the chunks.
        std::shared_ptr<ChunkUpload> upload;
        bool wrote = false; // the store's used bytes may have changed
        // A query's market id and its cancel flag (set by a `cancel` from the customer), so
        // the session can drop the answer of a race already lost.
        QByteArray queryId = {};
        std::shared_ptr<std::atomic_bool> cancelled = {};
    };

    StorageWork(ChunkStore &store, const Ed25519SigningKey &key, ServeHooks hooks);

    Outcome storeManifest(const QCborMap &request);
    // `upload` is the one the same connection announced for the chunk's object, if any.
    Outcome storeChunk(const QCborMap &request, const std::shared_ptr<ChunkUpload> &upload);
    // A query or fetch_chunk: the chunk, its audit path and the node's signature.
    QCborMap answer(const QCborMap &request);

private:
    // A chunk ready to send: its bytes, their leaf hash, and the audit path to the object id.
    struct Served
    {
        QByteArray chunk;
        QByteArray leaf;
        qint64 leafCount = 0;
        QList<QByteArray> proof;
    };

    Result<Served> serve(const wire::ChunkRequest &request);
    static void corrupt(Served &served);
    Outcome refuse(const QString &code, const QString &reason, quint64 requestId) const;
    QCborMap refuseAnswer(const QString &code, const QString &reason, quint64 requestId) const;

    ChunkStore &m_store;
    const Ed25519SigningKey &m_key;
    ServeHooks m_hooks;
    UploadTable m_uploads;
    ProofCache m_proofs;
    StoreLayout m_layout;
};

} // namespace streamsync
