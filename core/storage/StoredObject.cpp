#include "storage/StoredObject.h"

#include "storage/ChunkStore.h"

namespace streamsync {

StoredObject::StoredObject(const ChunkStore &store, ObjectManifest manifest)
    : m_store(&store), m_manifest(std::move(manifest))
{}

Result<StoredObject> StoredObject::open(const ChunkStore &store, const QByteArray &objectId)
{
    auto manifest = store.manifest(objectId);
    if (!manifest)
        return Error{manifest.error()};
    return StoredObject(store, std::move(manifest).value());
}

Result<QByteArray> StoredObject::chunk(qint64 index)
{
    if (index < 0 || index >= m_manifest.chunkHashes.size())
        return fail(QStringLiteral("the object has no chunk %1").arg(index));
    return m_store->readChunk(m_manifest.chunkHashes[index]);
}

} // namespace streamsync
