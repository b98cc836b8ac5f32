#pragma once

#include "storage/ObjectSource.h"

namespace streamsync {

class ChunkStore;

// An object this node holds, read back chunk by chunk from its store (each chunk re-verified
// against its hash), so it can be uploaded to another node.
class StoredObject : public ObjectSource
{
public:
    static Result<StoredObject> open(const ChunkStore &store, const QByteArray &objectId);

    const ObjectManifest &manifest() const override { return m_manifest; }
    Result<QByteArray> chunk(qint64 index) override;

private:
    StoredObject(const ChunkStore &store, ObjectManifest manifest);

    const ChunkStore *m_store;
    ObjectManifest m_manifest;
};

} // namespace streamsync
