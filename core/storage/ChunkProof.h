#pragma once

#include <QByteArray>
#include <QList>

namespace streamsync {

// One chunk of an object with the RFC 6962 audit path that ties it to the object id: a peer
// checks it with MerkleTree::verifyInclusion(objectId, index, leafCount,
// MerkleTree::leafHash(chunk), proof) without holding anything else of the object.
struct ChunkProof
{
    QByteArray chunk;
    qint64 index = 0;
    qint64 leafCount = 0;
    QList<QByteArray> proof;
};

} // namespace streamsync
