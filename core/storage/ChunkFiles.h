#pragma once

#include "storage/StoreLayout.h"
#include "util/Result.h"

#include <QByteArray>
#include <QMutex>

#include <atomic>
#include <functional>
#include <optional>

namespace streamsync {

// The content-addressed chunk folder: every file under chunks/ is complete and named by the
// SHA-256 of its bytes. Thread-safe: name changes (publish, remove, quarantine) and the usage
// counters go through one mutex; reads take no lock, because a published name never gets new
// bytes, it can only disappear (to quarantine or in a cleanup).
class ChunkFiles
{
public:
    enum class Outcome { Created, Existed };
    // Visits one chunk file; returning false stops the walk.
    using Visitor = std::function<bool(const QByteArray &hash, const QString &path)>;

    explicit ChunkFiles(const StoreLayout &layout);

    // Counts the chunks and their bytes; done once at open, then kept up to date.
    void scan();
    qint64 usedBytes() const { return m_usedBytes.load(); }
    qint64 chunkCount() const { return m_chunkCount.load(); }

    // Stores a chunk under its name unless an intact copy is already there: a name is never
    // rewritten. The bytes are fsynced under a tmp/ name first; `beforePublish` runs after
    // that and before the rename (the caller journals the chunk there).
    Result<Outcome> put(const QByteArray &hash, QByteArrayView bytes,
                        const std::function<Result<void>()> &beforePublish);
    bool contains(const QByteArray &hash) const;
    // The chunk's bytes, refused unless they still hash to its name.
    Result<QByteArray> read(const QByteArray &hash) const;
    // The bytes as they are on disk, for callers that verify them another way.
    Result<QByteArray> readUnverified(const QByteArray &hash) const;
    // Removes a chunk (cleanup of chunks a refused store created).
    void remove(const QByteArray &hash);
    // Moves the chunk to quarantine/ if its bytes do not match its name; returns the size of
    // what was moved, nothing if it turned out intact or was already gone.
    std::optional<qint64> quarantineIfCorrupt(const QByteArray &hash);
    void forEach(const Visitor &visit) const;

    static bool isChunkName(const QString &name);

private:
    bool isIntact(const QByteArray &hash) const;
    Result<bool> publish(const QString &tmpPath, const QByteArray &hash, qint64 size);

    const StoreLayout &m_layout;
    QMutex m_mutex;
    std::atomic<qint64> m_usedBytes{0};
    std::atomic<qint64> m_chunkCount{0};
};

} // namespace streamsync
