#include "storage/ChunkUpload.h"

#include "crypto/Sha256.h"
#include "storage/ChunkFiles.h"
#include "storage/DurableIo.h"
#include "storage/ManifestFiles.h"
#include "storage/MerkleTree.h"
#include "storage/PartialJournal.h"
#include "storage/SpaceGuard.h"
#include "storage/StoreLayout.h"

#include <QFile>
#include <QFileInfo>

namespace streamsync {

namespace {

QString shortHex(const QByteArray &id)
{
    return QString::fromLatin1(id.toHex().left(16));
}

Result<void> checkShape(const ObjectManifest &manifest)
{
    if (manifest.chunkCount() == 0 || manifest.chunkHashes.size() != manifest.leafHashes.size())
        return fail(QStringLiteral("the manifest names no chunks, or not one hash of each kind per "
                                   "chunk"));
    if (MerkleTree::root(manifest.leafHashes) != manifest.objectId)
        return fail(QStringLiteral("the manifest's leaves do not hash to object %1")
                        .arg(shortHex(manifest.objectId)));
    return {};
}

} // namespace

ChunkUpload::ChunkUpload(const Context &context, ObjectManifest manifest)
    : m_context(context), m_manifest(std::move(manifest)), m_stored(m_manifest.chunkCount(), false),
      m_missing(m_manifest.chunkCount())
{}

ChunkUpload::~ChunkUpload() = default;

Result<std::unique_ptr<ChunkUpload>> ChunkUpload::begin(const Context &context,
                                                        const ObjectManifest &manifest)
{
    if (auto shaped = checkShape(manifest); !shaped)
        return Error{shaped.error()};
    std::unique_ptr<ChunkUpload> upload(new ChunkUpload(context, manifest));
    if (auto started = upload->start(); !started)
        return Error{started.error()};
    return upload;
}

Result<void> ChunkUpload::start()
{
    if (m_context.manifests.exists(m_manifest.objectId)) {
        m_stored.fill(true);
        m_missing = 0;
        m_complete = true;
        return {};
    }
    const qint64 used = m_context.chunks.usedBytes() + m_context.manifests.usedBytes();
    if (auto reserved = m_context.space.reserve(used, m_manifest.size,
                                                SpaceGuard::formatBytes(m_manifest.size));
        !reserved)
        return reserved;
    auto journal = PartialJournal::create(m_context.layout, m_manifest.objectId);
    if (!journal)
        return Error{journal.error()};
    m_journal = std::move(journal).value();
    QMutexLocker lock(&m_mutex);
    for (qint64 i = 0; i < m_manifest.chunkCount(); ++i) {
        const QByteArray &hash = m_manifest.chunkHashes[i];
        if (m_stored[i] || !m_context.chunks.contains(hash))
            continue;
        // Journaled so the interrupted object names every chunk it relies on.
        if (auto journaled = m_journal->append(hash); !journaled)
            return journaled;
        m_stored[i] = true;
        --m_missing;
    }
    return m_missing == 0 ? sealLocked() : Result<void>();
}

QList<qint64> ChunkUpload::missing() const
{
    QMutexLocker lock(&m_mutex);
    QList<qint64> indexes;
    for (qint64 i = 0; i < m_stored.size(); ++i) {
        if (!m_stored[i])
            indexes.append(i);
    }
    return indexes;
}

bool ChunkUpload::isComplete() const
{
    QMutexLocker lock(&m_mutex);
    return m_complete;
}

Result<bool> ChunkUpload::putChunk(qint64 index, QByteArrayView bytes)
{
    if (auto checked = checkChunk(index, bytes); !checked)
        return Error{checked.error()};
    {
        QMutexLocker lock(&m_mutex);
        if (m_stored[index])
            return m_complete;
    }
    if (auto stored = storeChunk(index, bytes); !stored)
        return Error{stored.error()};
    QMutexLocker lock(&m_mutex);
    if (!m_stored[index]) {
        m_stored[index] = true;
        --m_missing;
    }
    if (m_missing == 0 && !m_complete) {
        if (auto sealed = sealLocked(); !sealed)
            return Error{sealed.error()};
    }
    return m_complete;
}

Result<void> ChunkUpload::checkChunk(qint64 index, QByteArrayView bytes) const
{
    if (index < 0 || index >= m_manifest.chunkCount())
        return fail(QStringLiteral("object %1 has %2 chunks; there is no chunk %3")
                        .arg(shortHex(m_manifest.objectId))
                        .arg(m_manifest.chunkCount())
                        .arg(index));
    // Both hashes: the name keeps the folder content-addressed, the leaf ties it to the object.
    if (sha256(bytes) != m_manifest.chunkHashes[index] ||
        MerkleTree::leafHash(bytes) != m_manifest.leafHashes[index])
        return fail(QStringLiteral("chunk %1 of object %2 does not match its manifest")
                        .arg(index)
                        .arg(shortHex(m_manifest.objectId)));
    return {};
}

Result<void> ChunkUpload::storeChunk(qint64 index, QByteArrayView bytes)
{
    const QByteArray &hash = m_manifest.chunkHashes[index];
    const qint64 used = m_context.chunks.usedBytes() + m_context.manifests.usedBytes();
    if (auto admitted = m_context.space.admit(
            used, bytes.size(), 0,
            QStringLiteral("chunk %1 of object %2").arg(index).arg(shortHex(m_manifest.objectId)));
        !admitted)
        return admitted;
    const auto put = m_context.chunks.put(hash, bytes, [&]() -> Result<void> {
        // Under the lock: a duplicate of a chunk racing the seal must not write to the journal
        // the seal just removed (the object is complete then, and needs no journal).
        QMutexLocker lock(&m_mutex);
        return m_complete ? Result<void>() : m_journal->append(hash);
    });
    if (!put)
        return Error{put.error()};
    // Also for a chunk that was there: a crashed writer may have renamed it without a folder
    // sync. After this the name survives a power cut, so the caller may acknowledge it.
    return syncDirectory(m_context.layout.chunkDir(hash));
}

Result<void> ChunkUpload::checkSizeLocked() const
{
    qint64 total = 0;
    for (const QByteArray &hash : m_manifest.chunkHashes)
        total += QFileInfo(m_context.layout.chunkPath(hash)).size();
    if (total != m_manifest.size)
        return fail(QStringLiteral("object %1: its chunks hold %2 bytes, not the announced %3")
                        .arg(shortHex(m_manifest.objectId))
                        .arg(total)
                        .arg(m_manifest.size));
    return {};
}

Result<void> ChunkUpload::sealLocked()
{
    if (auto sized = checkSizeLocked(); !sized)
        return sized;
    // Last, and durable: from here on the object is complete.
    if (auto written = m_context.manifests.write(m_manifest); !written)
        return written;
    m_complete = true;
    const QString current = m_journal->path();
    m_journal->remove();
    // Journals of earlier, interrupted uploads of this object: it is complete now.
    for (const auto &entry : PartialJournal::readAll(m_context.layout.partialDir())) {
        if (entry.objectId == m_manifest.objectId && entry.path != current)
            QFile::remove(entry.path);
    }
    return {};
}

} // namespace streamsync
