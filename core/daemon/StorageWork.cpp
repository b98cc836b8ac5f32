#include "daemon/StorageWork.h"

#include "crypto/Ed25519.h"
#include "daemon/StorageLog.h"
#include "net/StorageMessages.h"
#include "storage/ChunkStore.h"
#include "storage/DurableIo.h"
#include "storage/MerkleTree.h"

namespace streamsync {

namespace {

QString shortHex(const QByteArray &id)
{
    return QString::fromLatin1(id.toHex().left(16));
}

} // namespace

StorageWork::StorageWork(ChunkStore &store, const Ed25519SigningKey &key, ServeHooks hooks)
    : m_store(store), m_key(key), m_hooks(hooks), m_uploads(store), m_layout(store.dir())
{}

StorageWork::Outcome StorageWork::refuse(const QString &code, const QString &reason,
                                         quint64 requestId) const
{
    qCInfo(lcStorage).noquote() << "refused:" << reason;
    return {wire::makeRefusal(code, reason, requestId), nullptr, false};
}

QCborMap StorageWork::refuseAnswer(const QString &code, const QString &reason,
                                   quint64 requestId) const
{
    qCInfo(lcStorage).noquote() << "cannot answer:" << reason;
    return wire::makeRefusal(code, reason, requestId);
}

StorageWork::Outcome StorageWork::storeManifest(const QCborMap &request)
{
    const quint64 id = wire::requestIdOf(request);
    const auto manifest = wire::parseStoreManifest(request);
    if (!manifest)
        return refuse(wire::kErrorBadRequest, manifest.error(), id);
    auto upload = m_uploads.open(manifest.value());
    if (!upload)
        return refuse(wire::kErrorRefused, upload.error(), id);
    const QList<qint64> missing = (*upload)->missing();
    qCInfo(lcStorage).noquote() << QStringLiteral("object %1: %2 chunks, %3 to receive")
                                       .arg(shortHex(manifest->objectId))
                                       .arg(manifest->chunkCount())
                                       .arg(missing.size());
    return {wire::makeManifestAck({manifest->objectId, missing}, id), upload.value(),
            missing.isEmpty()};
}

StorageWork::Outcome StorageWork::storeChunk(const QCborMap &request,
                                             const std::shared_ptr<ChunkUpload> &upload)
{
    const quint64 id = wire::requestIdOf(request);
    const auto chunk = wire::parseStoreChunk(request);
    if (!chunk)
        return refuse(wire::kErrorBadRequest, chunk.error(), id);
    wire::StoreAck ack{chunk->objectId, chunk->index, chunk->chunkHash, true};
    if (!upload) {
        // Nothing to do for an object already complete here (a repeated upload).
        if (m_store.objectStatus(chunk->objectId) == ObjectStatus::Complete)
            return {wire::makeStoreAck(ack, id), nullptr, false};
        return refuse(wire::kErrorUnknownObject,
                      QStringLiteral("object %1 was not announced on this connection; send "
                                     "store_manifest first")
                          .arg(shortHex(chunk->objectId)),
                      id);
    }
    if (upload->manifest().chunkHashes.value(chunk->index) != chunk->chunkHash)
        return refuse(wire::kErrorRefused,
                      QStringLiteral("chunk %1 of object %2: the hash differs from the manifest's")
                          .arg(chunk->index)
                          .arg(shortHex(chunk->objectId)),
                      id);
    const auto stored = upload->putChunk(chunk->index, chunk->data);
    if (!stored)
        return refuse(wire::kErrorRefused, stored.error(), id);
    ack.complete = stored.value();
    if (ack.complete)
        qCInfo(lcStorage).noquote() << "object" << shortHex(chunk->objectId) << "is complete";
    // The completed upload goes back to the connection, which then lets go of it.
    return {wire::makeStoreAck(ack, id), ack.complete ? upload : nullptr, true};
}

Result<StorageWork::Served> StorageWork::serve(const wire::ChunkRequest &request)
{
    auto entry = m_proofs.find(request.objectId);
    if (!entry) {
        const auto manifest = m_store.manifest(request.objectId);
        if (!manifest)
            return Error{manifest.error()};
        entry = m_proofs.insert(manifest.value());
    }
    const ObjectManifest &manifest = entry->manifest;
    const qint64 index = request.index;
    if (index >= manifest.chunkCount() || (request.type == MessageType::FetchChunk &&
                                           request.chunkHash != manifest.chunkHashes[index]))
        return fail(QStringLiteral("object %1 has no such chunk (%2 of %3)")
                        .arg(shortHex(request.objectId))
                        .arg(index)
                        .arg(manifest.chunkCount()));
    auto bytes = readWholeFile(m_layout.chunkPath(manifest.chunkHashes[index]));
    if (!bytes)
        return Error{bytes.error()};
    // One hash binds the bytes to the object: the leaf in the manifest, whose leaves were checked
    // against the object id. A chunk that fails it is never served (the hook plays a node that
    // skips the check); a scrub will quarantine it.
    QByteArray leaf = MerkleTree::leafHash(bytes.value());
    if (leaf != manifest.leafHashes[index] && !m_hooks.serveUnverified)
        return fail(QStringLiteral("chunk %1 of object %2 is corrupt on disk")
                        .arg(index)
                        .arg(shortHex(request.objectId)));
    return Served{std::move(bytes).value(), std::move(leaf), manifest.chunkCount(),
                  entry->tree.inclusionProof(index)};
}

// The test hook of a lying node (ServeHooks::corruptAnswers): the statement it then signs
// names the leaf of the bytes it sends, which differs from the object's leaf, so the answer
// fails the customer's proof check and the signature proves the node sent it.
void StorageWork::corrupt(Served &served)
{
    if (served.chunk.isEmpty())
        served.chunk.append('\0');
    else
        served.chunk[served.chunk.size() / 2] =
            char(served.chunk.at(served.chunk.size() / 2) ^ 0x5a);
    served.leaf = MerkleTree::leafHash(served.chunk);
}

QCborMap StorageWork::answer(const QCborMap &request)
{
    const quint64 id = wire::requestIdOf(request);
    const auto parsed = wire::parseChunkRequest(request);
    if (!parsed)
        return refuseAnswer(wire::kErrorBadRequest, parsed.error(), id);
    auto served = serve(parsed.value());
    if (!served) {
        // Only on failure: for an object not complete here, the status reads every journal.
        const bool held = m_store.objectStatus(parsed->objectId) == ObjectStatus::Complete;
        return refuseAnswer(held ? wire::kErrorStorage : wire::kErrorUnknownObject, served.error(),
                            id);
    }
    if (m_hooks.corruptAnswers)
        corrupt(served.value());
    wire::ChunkAnswer answer{
        parsed->queryId, parsed->objectId, parsed->index,     served->leafCount,
        served->chunk,   served->proof,    m_key.publicKey(), {}};
    // The leaf of the bytes sent: a wrong chunk, signed, proves its node served it.
    answer.signature = m_key.sign(wire::statement(answer, served->leaf));
    return wire::makeChunkAnswer(parsed.value(), answer, id);
}

} // namespace streamsync
