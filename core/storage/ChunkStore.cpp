#include "storage/ChunkStore.h"

#include "storage/ChunkScrubber.h"
#include "storage/DurableIo.h"
#include "storage/MerkleTree.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QSet>

namespace streamsync {

namespace {

QString hexId(const QByteArray &id)
{
    return QString::fromLatin1(id.toHex());
}

} // namespace

ChunkStore::ChunkStore(const QString &dir, const ChunkStoreOptions &options)
    : m_layout(dir), m_options(options), m_lock(m_layout.lockPath()), m_chunks(m_layout),
      m_manifests(m_layout), m_space(dir, options.quotaBytes, options.diskMarginBytes)
{
    m_ioPool.setMaxThreadCount(qMax(1, options.ioThreads));
}

ChunkStore::~ChunkStore() = default;

Result<std::unique_ptr<ChunkStore>> ChunkStore::open(const QString &dir,
                                                     const ChunkStoreOptions &options)
{
    if (options.maxChunkBytes <= 0 || options.maxChunkBytes > (qint64(1) << 30))
        return fail(QStringLiteral("chunk size must be between 1 byte and 1 GiB"));
    const QString absolute = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    std::unique_ptr<ChunkStore> store(new ChunkStore(absolute, options));
    if (auto opened = store->openFolder(); !opened)
        return Error{opened.error()};
    return store;
}

Result<void> ChunkStore::openFolder()
{
    if (!QDir().mkpath(m_layout.root()))
        return fail(QStringLiteral("cannot create folder %1").arg(m_layout.root()));
    // Only by PID: a node holds its store for days, far beyond any "stale after" age.
    m_lock.setStaleLockTime(0);
    if (!m_lock.tryLock(0))
        return fail(QStringLiteral("%1 is in use by another node process").arg(m_layout.root()));
    if (auto created = m_layout.create(); !created)
        return created;
    recover();
    m_chunks.scan();
    m_manifests.scan();
    return {};
}

void ChunkStore::recover()
{
    // Whatever is in tmp/ was being written when the last process stopped: incomplete by
    // definition, and never referenced by name.
    removeFilesIn(m_layout.tmpDir());
    // A crash after a manifest was written but before its journal was removed.
    for (const auto &entry : PartialJournal::readAll(m_layout.partialDir())) {
        if (!entry.objectId.isEmpty() && m_manifests.exists(entry.objectId))
            QFile::remove(entry.path);
    }
}

Result<ObjectManifest> ChunkStore::storeObject(QIODevice &in, const StoreRequest &request)
{
    if (!in.isReadable())
        return fail(QStringLiteral("the object's data is not open for reading"));
    QMutexLocker lock(&m_storeMutex);
    // A window of two chunks per I/O thread keeps every thread busy while one is refilled.
    const ObjectIngest::Context context{m_layout,
                                        m_chunks,
                                        m_manifests,
                                        m_space,
                                        m_ioPool,
                                        m_options.maxChunkBytes,
                                        2 * m_ioPool.maxThreadCount()};
    return ObjectIngest(context, request).run(in);
}

Result<std::unique_ptr<ChunkUpload>> ChunkStore::beginUpload(const ObjectManifest &manifest)
{
    return ChunkUpload::begin({m_layout, m_chunks, m_manifests, m_space}, manifest);
}

Result<qint64> ChunkStore::removeObject(const QByteArray &objectId)
{
    QMutexLocker lock(&m_storeMutex);
    const auto manifest = m_manifests.read(objectId);
    if (!manifest)
        return Error{manifest.error()};
    QSet<QByteArray> shared;
    for (const QByteArray &other : m_manifests.objectIds()) {
        if (other == objectId)
            continue;
        const auto kept = m_manifests.read(other);
        if (!kept)
            return fail(QStringLiteral("not removing %1: cannot tell which chunks it shares (%2)")
                            .arg(QString::fromLatin1(objectId.toHex()), kept.error()));
        for (const QByteArray &hash : kept->chunkHashes)
            shared.insert(hash);
    }
    const qint64 before = usedBytes();
    if (auto removed = m_manifests.remove(objectId); !removed)
        return Error{removed.error()};
    for (const QByteArray &hash : manifest->chunkHashes) {
        if (!shared.contains(hash))
            m_chunks.remove(hash);
    }
    return before - usedBytes();
}

ObjectStatus ChunkStore::objectStatus(const QByteArray &objectId) const
{
    if (m_manifests.exists(objectId))
        return ObjectStatus::Complete;
    const auto journals = incompleteObjects();
    const bool started = std::any_of(journals.begin(), journals.end(),
                                     [&](const auto &entry) { return entry.objectId == objectId; });
    return started ? ObjectStatus::Incomplete : ObjectStatus::Unknown;
}

QList<PartialJournal::Entry> ChunkStore::incompleteObjects() const
{
    return PartialJournal::readAll(m_layout.partialDir());
}

Result<ObjectManifest> ChunkStore::manifest(const QByteArray &objectId) const
{
    return m_manifests.read(objectId);
}

Result<QByteArray> ChunkStore::readChunk(const QByteArray &chunkHash) const
{
    return m_chunks.read(chunkHash);
}

Result<ChunkProof> ChunkStore::chunkWithProof(const QByteArray &objectId, qint64 index) const
{
    const auto manifest = m_manifests.read(objectId);
    if (!manifest)
        return Error{manifest.error()};
    if (index < 0 || index >= manifest->chunkCount())
        return fail(QStringLiteral("object %1 has %2 chunks; there is no chunk %3")
                        .arg(hexId(objectId))
                        .arg(manifest->chunkCount())
                        .arg(index));
    auto chunk = m_chunks.read(manifest->chunkHashes[index]);
    if (!chunk)
        return Error{chunk.error()};
    // Never hand out a proof that would not verify.
    if (MerkleTree::leafHash(*chunk) != manifest->leafHashes[index])
        return fail(QStringLiteral("object %1: chunk %2 does not match its manifest")
                        .arg(hexId(objectId))
                        .arg(index));
    return ChunkProof{std::move(*chunk), index, manifest->chunkCount(),
                      MerkleTree::inclusionProof(manifest->leafHashes, index)};
}

Result<void> ChunkStore::fetchObject(const QByteArray &objectId, QIODevice &out) const
{
    const auto manifest = m_manifests.read(objectId);
    if (!manifest)
        return Error{manifest.error()};
    for (qint64 i = 0; i < manifest->chunkCount(); ++i) {
        const auto chunk = m_chunks.readUnverified(manifest->chunkHashes[i]);
        if (!chunk)
            return fail(QStringLiteral("object %1: %2").arg(hexId(objectId), chunk.error()));
        // The leaf hash alone binds the bytes to the object id (the manifest's leaves were
        // checked against it): one hash per chunk, not two.
        if (MerkleTree::leafHash(*chunk) != manifest->leafHashes[i])
            return fail(QStringLiteral("object %1: chunk %2 is corrupt on disk; a scrub will "
                                       "quarantine it")
                            .arg(hexId(objectId))
                            .arg(i));
        if (out.write(*chunk) != chunk->size())
            return fail(QStringLiteral("cannot write object %1 (%2)")
                            .arg(hexId(objectId), out.errorString()));
    }
    return {};
}

ScrubReport ChunkStore::scrub(const ScrubProgress &progress, const std::atomic<bool> *cancel)
{
    return ChunkScrubber(m_chunks, m_manifests).run(progress, cancel);
}

qint64 ChunkStore::usedBytes() const
{
    return m_chunks.usedBytes() + m_manifests.usedBytes();
}

} // namespace streamsync
