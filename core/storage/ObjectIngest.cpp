#include "storage/ObjectIngest.h"

#include "storage/ChunkBuffer.h"
#include "storage/ChunkFiles.h"
#include "storage/ChunkWriter.h"
#include "storage/ManifestFiles.h"
#include "storage/MerkleTree.h"
#include "storage/PartialJournal.h"
#include "storage/SpaceGuard.h"

#include <QFile>
#include <QIODevice>

namespace streamsync {

namespace {

QString hexId(const QByteArray &id)
{
    return QString::fromLatin1(id.toHex());
}

} // namespace

ObjectIngest::ObjectIngest(const Context &context, const StoreRequest &request)
    : m_context(context), m_request(request)
{}

qint64 ObjectIngest::knownSize(const QIODevice &in) const
{
    if (m_request.expectedSize >= 0)
        return m_request.expectedSize;
    return in.isSequential() ? -1 : in.size() - in.pos();
}

qint64 ObjectIngest::usedBytes() const
{
    return m_context.chunks.usedBytes() + m_context.manifests.usedBytes();
}

Result<ObjectManifest> ObjectIngest::run(QIODevice &in)
{
    if (auto reserved = reserve(in); !reserved)
        return fail(reserved.error() + QStringLiteral("; nothing was stored"));
    auto journal = PartialJournal::create(m_context.layout, m_request.expectedId);
    if (!journal)
        return Error{journal.error()};
    ChunkWriter writer(m_context.layout, m_context.chunks, **journal, m_context.pool,
                       m_context.window);
    auto manifest = ingestAndSeal(in, writer);
    if (!manifest) {
        // Chunks first, journal last: a crash in between still leaves them journaled.
        for (const QByteArray &hash : writer.createdChunks())
            m_context.chunks.remove(hash);
        (*journal)->remove();
        return fail(manifest.error() + QStringLiteral("; the partial object was removed"));
    }
    (*journal)->remove();
    dropStaleJournals(manifest->objectId, **journal);
    return manifest;
}

Result<void> ObjectIngest::reserve(const QIODevice &in)
{
    // When the size is known the whole object is admitted before anything is written.
    const qint64 size = knownSize(in);
    return m_context.space.reserve(usedBytes(), size,
                                   SpaceGuard::formatBytes(qMax<qint64>(size, 0)));
}

Result<ObjectManifest> ObjectIngest::ingestAndSeal(QIODevice &in, ChunkWriter &writer)
{
    auto manifest = ingest(in, writer);
    if (!manifest)
        return manifest;
    if (auto declared = checkDeclared(*manifest); !declared)
        return Error{declared.error()};
    // Last, and durable: from here on the object is complete.
    if (auto written = m_context.manifests.write(*manifest); !written)
        return Error{written.error()};
    return manifest;
}

Result<ObjectManifest> ObjectIngest::ingest(QIODevice &in, ChunkWriter &writer)
{
    ObjectManifest manifest;
    for (qint64 index = 0;; ++index) {
        ChunkWriter::Buffer chunk = writer.takeBuffer(m_context.maxChunkBytes);
        if (auto read = readChunk(in, *chunk); !read)
            return Error{read.error()};
        const qint64 chunkBytes = chunk->size();
        if (chunkBytes == 0)
            break;
        manifest.size += chunkBytes;
        if (auto admitted = admitChunk(writer, chunkBytes, manifest.size); !admitted)
            return Error{admitted.error()};
        if (auto queued = writer.submit(index, std::move(chunk)); !queued)
            return Error{queued.error()};
        if (chunkBytes < m_context.maxChunkBytes)
            break;
    }
    auto hashes = writer.finish();
    if (!hashes)
        return Error{hashes.error()};
    manifest.chunkHashes = std::move(hashes->chunks);
    manifest.leafHashes = std::move(hashes->leaves);
    manifest.objectId = MerkleTree::root(manifest.leafHashes);
    return manifest;
}

Result<void> ObjectIngest::readChunk(QIODevice &in, ChunkBuffer &chunk) const
{
    const qint64 capacity = m_context.maxChunkBytes;
    qint64 filled = 0;
    while (filled < capacity) {
        const qint64 read = in.read(chunk.data() + filled, capacity - filled);
        if (read < 0)
            return fail(QStringLiteral("cannot read the object's data (%1)").arg(in.errorString()));
        // A stream (socket, pipe) may deliver a chunk in pieces; it ends when the peer closes.
        if (read == 0 && (!in.isSequential() || !in.waitForReadyRead(-1)))
            break;
        filled += read;
    }
    chunk.setSize(filled);
    return {};
}

Result<void> ObjectIngest::admitChunk(const ChunkWriter &writer, qint64 chunkBytes,
                                      qint64 objectBytes)
{
    const qint64 pending = writer.pendingBytes();
    return m_context.space.admit(usedBytes() + pending, chunkBytes, pending,
                                 SpaceGuard::formatBytes(objectBytes) + QStringLiteral(" so far"));
}

Result<void> ObjectIngest::checkDeclared(const ObjectManifest &manifest) const
{
    if (!m_request.expectedId.isEmpty() && manifest.objectId != m_request.expectedId)
        return fail(QStringLiteral("the data is object %1, not the announced %2")
                        .arg(hexId(manifest.objectId), hexId(m_request.expectedId)));
    if (m_request.expectedSize >= 0 && manifest.size != m_request.expectedSize)
        return fail(QStringLiteral("the data held %1 bytes, not the announced %2")
                        .arg(manifest.size)
                        .arg(m_request.expectedSize));
    return {};
}

void ObjectIngest::dropStaleJournals(const QByteArray &objectId,
                                     const PartialJournal &current) const
{
    // Journals of earlier, interrupted attempts at this object: it is complete now.
    for (const auto &entry : PartialJournal::readAll(m_context.layout.partialDir())) {
        if (entry.objectId == objectId && entry.path != current.path())
            QFile::remove(entry.path);
    }
}

} // namespace streamsync
