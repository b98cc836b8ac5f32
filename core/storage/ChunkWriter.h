#pragma once

#include "storage/ChunkBuffer.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QWaitCondition>

#include <memory>

class QThreadPool;

namespace streamsync {

class ChunkFiles;
class PartialJournal;
class StoreLayout;

// Hashes and durably stores the chunks of one object on a pool of threads. The caller's thread
// only reads, while the pool computes both hashes of a chunk (its name and its Merkle leaf) on
// every core and keeps several chunk fsyncs in flight at once, whose device flushes the kernel
// merges (more than twice the rate of one fsync at a time, measured on ext4). At most
// `window` chunks are in flight, which bounds memory to window × chunk size.
class ChunkWriter
{
public:
    ChunkWriter(const StoreLayout &layout, ChunkFiles &files, PartialJournal &journal,
                QThreadPool &pool, int window);
    ~ChunkWriter();
    ChunkWriter(const ChunkWriter &) = delete;
    ChunkWriter &operator=(const ChunkWriter &) = delete;

    using Buffer = std::shared_ptr<ChunkBuffer>;
    // A buffer to read the next chunk into: one a finished chunk gave back, or a new one.
    Buffer takeBuffer(qint64 capacity);

    // Queues chunk number `index` (numbered from 0 without gaps); waits while the window is
    // full. Fails, without queueing, once an earlier chunk has failed.
    Result<void> submit(qint64 index, Buffer chunk);
    // Bytes accepted but not yet stored, for the quota and free-space checks.
    qint64 pendingBytes() const;
    struct Hashes
    {
        QList<QByteArray> chunks; // SHA-256 of each chunk: its file name
        QList<QByteArray> leaves; // its RFC 6962 leaf hash
    };
    // Waits for every chunk, then makes their new names durable (fsyncs their folders).
    // Returns the hashes in chunk order.
    Result<Hashes> finish();
    // Waits for every chunk; the ones this writer created (to remove if the object is refused).
    QList<QByteArray> createdChunks();

private:
    void store(qint64 index, const Buffer &chunk);
    void waitUntilIdle();
    Result<void> syncDirectories(const QStringList &dirs);

    const StoreLayout &m_layout;
    ChunkFiles &m_files;
    PartialJournal &m_journal;
    QThreadPool &m_pool;
    const int m_window;

    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    int m_inFlight = 0;
    qint64 m_pendingBytes = 0;
    Hashes m_hashes;
    QList<QByteArray> m_created;
    QList<Buffer> m_spare;
    QSet<QString> m_dirsToSync;
    QString m_error;
};

} // namespace streamsync
