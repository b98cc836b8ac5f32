#pragma once

#include "storage/ChunkFiles.h"
#include "storage/ChunkProof.h"
#include "storage/ChunkUpload.h"
#include "storage/ManifestFiles.h"
#include "storage/ObjectIngest.h"
#include "storage/ObjectManifest.h"
#include "storage/PartialJournal.h"
#include "storage/ScrubReport.h"
#include "storage/SpaceGuard.h"
#include "storage/StoreLayout.h"
#include "util/Result.h"

#include <QLockFile>
#include <QMutex>
#include <QThreadPool>

#include <atomic>
#include <memory>

class QIODevice;

namespace streamsync {

struct ChunkStoreOptions
{
    qint64 quotaBytes = qint64(10) << 30;
    qint64 maxChunkBytes = qint64(1) << 20;
    // Free space a store never eats into, for the filesystem and everything else on the disk.
    qint64 diskMarginBytes = qint64(64) << 20;
    // Threads that hash, write and fsync chunks concurrently during a store; a store keeps
    // two chunks per thread in memory (32 MiB by default). 16 beat 8 by ~8% on a 2-core VM.
    int ioThreads = 16;
};

enum class ObjectStatus {
    Complete,   // its manifest is durable: every chunk was stored
    Incomplete, // a store of it started (and may have been interrupted); no manifest yet
    Unknown,    // nothing of it here
};

// A node's chunk store in one folder (DESIGN §6; layout in StoreLayout.h). Objects are cut
// into chunks of at most maxChunkBytes, each stored once under its SHA-256; an object's id is
// the RFC 6962 Merkle root of its chunks' leaf hashes.
//
// Crash safety: every file is written under tmp/, fsynced, renamed and its folder fsynced, so
// a kill at any point leaves no torn file under a real name; the manifest comes last, so an
// interrupted object is never Complete; open() removes tmp/ leftovers.
//
// Threading: every method may be called from any thread, concurrently. Stores run one at a
// time (a second storeObject waits for the first); reads, fetches, proofs, status queries and
// a scrub run alongside a store and each other. Chunk names change only under one lock, and
// a published chunk never changes its bytes, so readers need no lock. The store must outlive
// every call; cancel a scrub through its flag before destroying it.
class ChunkStore
{
public:
    static Result<std::unique_ptr<ChunkStore>> open(const QString &dir,
                                                    const ChunkStoreOptions &options = {});
    ~ChunkStore();

    // Streams `in` (from its current position to its end) into chunks; returns the manifest.
    Result<ObjectManifest> storeObject(QIODevice &in, const StoreRequest &request = {});
    // An object received chunk by chunk from a peer, announced by its manifest (ChunkUpload.h);
    // runs alongside storeObject() and other uploads. The upload must not outlive the store.
    Result<std::unique_ptr<ChunkUpload>> beginUpload(const ObjectManifest &manifest);
    ObjectStatus objectStatus(const QByteArray &objectId) const;
    Result<ObjectManifest> manifest(const QByteArray &objectId) const;
    // The chunk's bytes, re-verified against its hash.
    Result<QByteArray> readChunk(const QByteArray &chunkHash) const;
    Result<ChunkProof> chunkWithProof(const QByteArray &objectId, qint64 index) const;
    // Writes the object's bytes, each chunk verified against the object id before it is
    // written. On failure `out` holds a verified prefix; write to a temporary file.
    Result<void> fetchObject(const QByteArray &objectId, QIODevice &out) const;
    // Re-hashes every chunk, quarantines corrupt ones. Meant for a worker thread.
    ScrubReport scrub(const ScrubProgress &progress = {},
                      const std::atomic<bool> *cancel = nullptr);
    // The complete objects held here.
    QList<QByteArray> objectIds() const { return m_manifests.objectIds(); }
    // Removes a complete object: its manifest, then each chunk no other complete object uses.
    // Returns the bytes freed. Refused, with nothing removed, while another manifest cannot be
    // read (it might share a chunk). Meant for a node that handed the object off (draining).
    Result<qint64> removeObject(const QByteArray &objectId);
    // Journals of stores that have not completed (running now, or interrupted by a crash).
    QList<PartialJournal::Entry> incompleteObjects() const;

    // Chunk and manifest bytes; counted at open, then kept up to date.
    qint64 usedBytes() const;
    qint64 quotaBytes() const { return m_space.quotaBytes(); }
    void setQuotaBytes(qint64 bytes) { m_space.setQuotaBytes(bytes); }
    const QString &dir() const { return m_layout.root(); }

private:
    ChunkStore(const QString &dir, const ChunkStoreOptions &options);
    Result<void> openFolder();
    void recover();

    StoreLayout m_layout;
    ChunkStoreOptions m_options;
    QLockFile m_lock;
    ChunkFiles m_chunks;
    ManifestFiles m_manifests;
    SpaceGuard m_space;
    QThreadPool m_ioPool;
    QMutex m_storeMutex;
};

} // namespace streamsync
