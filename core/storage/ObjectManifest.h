#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QList>

namespace streamsync {

// What a node knows about a stored object: its id (the Merkle root of its leaves), its size,
// and per chunk, in order, the chunk's hash (its file name) and its Merkle leaf hash.
// Stored as `objects/<hex id>` in CBOR: {"v": 1, "id", "size", "chunks": [..], "leaves": [..]}.
struct ObjectManifest
{
    QByteArray objectId;
    qint64 size = 0;
    QList<QByteArray> chunkHashes;
    QList<QByteArray> leafHashes;

    qint64 chunkCount() const { return leafHashes.size(); }

    QByteArray encode() const;
    // Refuses anything whose leaves do not hash to its id, so a manifest read back binds every
    // leaf hash to the object id.
    static Result<ObjectManifest> decode(QByteArrayView bytes);
};

} // namespace streamsync
