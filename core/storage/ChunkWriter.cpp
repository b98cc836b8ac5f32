#include "storage/ChunkWriter.h"

#include "crypto/Sha256.h"
#include "storage/ChunkFiles.h"
#include "storage/DurableIo.h"
#include "storage/MerkleTree.h"
#include "storage/PartialJournal.h"
#include "storage/StoreLayout.h"

#include <QSemaphore>
#include <QThreadPool>

#include <atomic>

namespace streamsync {

ChunkWriter::ChunkWriter(const StoreLayout &layout, ChunkFiles &files, PartialJournal &journal,
                         QThreadPool &pool, int window)
    : m_layout(layout), m_files(files), m_journal(journal), m_pool(pool), m_window(window)
{}

ChunkWriter::~ChunkWriter()
{
    // The tasks refer to this object.
    waitUntilIdle();
}

void ChunkWriter::waitUntilIdle()
{
    QMutexLocker lock(&m_mutex);
    while (m_inFlight > 0)
        m_changed.wait(&m_mutex);
}

ChunkWriter::Buffer ChunkWriter::takeBuffer(qint64 capacity)
{
    QMutexLocker lock(&m_mutex);
    if (!m_spare.isEmpty() && m_spare.last()->capacity() >= capacity)
        return m_spare.takeLast();
    return std::make_shared<ChunkBuffer>(capacity);
}

Result<void> ChunkWriter::submit(qint64 index, Buffer chunk)
{
    {
        QMutexLocker lock(&m_mutex);
        while (m_inFlight >= m_window && m_error.isEmpty())
            m_changed.wait(&m_mutex);
        if (!m_error.isEmpty())
            return fail(m_error);
        ++m_inFlight;
        m_pendingBytes += chunk->size();
        if (m_hashes.chunks.size() <= index) {
            m_hashes.chunks.resize(index + 1);
            m_hashes.leaves.resize(index + 1);
        }
    }
    m_pool.start([this, index, chunk = std::move(chunk)] { store(index, chunk); });
    return {};
}

void ChunkWriter::store(qint64 index, const Buffer &chunk)
{
    const QByteArray hash = sha256(chunk->view());
    const QByteArray leaf = MerkleTree::leafHash(chunk->view());
    const auto stored = m_files.put(hash, chunk->view(), [&] { return m_journal.append(hash); });
    QMutexLocker lock(&m_mutex);
    m_hashes.chunks[index] = hash;
    m_hashes.leaves[index] = leaf;
    if (!stored && m_error.isEmpty())
        m_error = stored.error();
    if (stored && *stored == ChunkFiles::Outcome::Created)
        m_created.append(hash);
    // Also for a chunk that was already there: an interrupted store may have renamed it
    // without ever syncing its folder.
    if (stored)
        m_dirsToSync.insert(m_layout.chunkDir(hash));
    m_pendingBytes -= chunk->size();
    m_spare.append(chunk);
    --m_inFlight;
    m_changed.wakeAll();
}

qint64 ChunkWriter::pendingBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_pendingBytes;
}

Result<ChunkWriter::Hashes> ChunkWriter::finish()
{
    waitUntilIdle();
    QStringList dirs;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_error.isEmpty())
            return fail(m_error);
        dirs = m_dirsToSync.values();
    }
    if (auto synced = syncDirectories(dirs); !synced)
        return Error{synced.error()};
    QMutexLocker lock(&m_mutex);
    return m_hashes;
}

Result<void> ChunkWriter::syncDirectories(const QStringList &dirs)
{
    // Concurrently: each folder fsync ends in a device flush, and flushes requested together
    // are merged. One after the other, the ~250 fan-out folders of a 1 GiB object took ~1 s.
    std::atomic<qsizetype> next{0};
    QMutex errorMutex;
    QString error;
    QSemaphore done;
    const int workers = int(qMin<qsizetype>(dirs.size(), m_pool.maxThreadCount()));
    for (int w = 0; w < workers; ++w) {
        m_pool.start([&] {
            for (qsizetype i = next++; i < dirs.size(); i = next++) {
                if (auto synced = syncDirectory(dirs[i]); !synced) {
                    QMutexLocker lock(&errorMutex);
                    error = synced.error();
                }
            }
            done.release();
        });
    }
    done.acquire(workers);
    if (!error.isEmpty())
        return fail(error);
    return {};
}

QList<QByteArray> ChunkWriter::createdChunks()
{
    waitUntilIdle();
    QMutexLocker lock(&m_mutex);
    return m_created;
}

} // namespace streamsync
