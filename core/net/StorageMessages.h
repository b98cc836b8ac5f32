#pragma once

#include "net/Messages.h"
#include "storage/ObjectManifest.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>

namespace streamsync::wire {

// The storage and query messages of issue #4 on top of the shapes in net/Messages.h: builders,
// and parsers that check sizes and ranges, so handlers only see well-formed values.
//
// Every request carries `request_id` (uint, chosen by the requester, unique per connection),
// which its reply (or an error refusing it) echoes; replies may come in any order.
//
//   store_manifest {object_id, size, chunks, leaves}  -> manifest_ack {object_id, missing}
//   store_chunk {chunk_hash, data, object_id, index}  -> store_ack {chunk_hash, stored,
//                                                        object_id, index, complete}
//   query {query_id, object_id, index}                -> query_response {query_id, ...answer}
//   fetch_chunk {chunk_hash, object_id, index}        -> chunk {chunk_hash, data, proof, ...answer}
//   any of them                                       -> error {code, reason}
//
// An answer carries the chunk (`data`), its RFC 6962 audit path (`proof`), `index`,
// `leaf_count`, `object_id`, and `node_key` + `sig`: the serving node's Ed25519 signature over
// statement(), so a verified (or a provably wrong) response is attributable to its node.

// Error codes of refused storage requests and queries.
inline const QString kErrorBadRequest = QStringLiteral("bad_request");
inline const QString kErrorUnknownObject = QStringLiteral("unknown_object");
inline const QString kErrorRefused = QStringLiteral("refused"); // quota, disk, bad chunk
inline const QString kErrorNotServing = QStringLiteral("not_serving");
inline const QString kErrorStorage = QStringLiteral("storage"); // the node's own disk failed

quint64 requestIdOf(const QCborMap &message);

QCborMap makeStoreManifest(const ObjectManifest &manifest, quint64 requestId);
Result<ObjectManifest> parseStoreManifest(const QCborMap &message);

struct ManifestAck
{
    QByteArray objectId;
    QList<qint64> missing; // chunk indexes the node still needs; empty: the object is complete
};
QCborMap makeManifestAck(const ManifestAck &ack, quint64 requestId);
Result<ManifestAck> parseManifestAck(const QCborMap &message);

struct StoreChunk
{
    QByteArray objectId;
    qint64 index = 0;
    QByteArray chunkHash;
    QByteArray data;
};
QCborMap makeStoreChunk(const StoreChunk &chunk, quint64 requestId);
Result<StoreChunk> parseStoreChunk(const QCborMap &message);

struct StoreAck
{
    QByteArray objectId;
    qint64 index = 0;
    QByteArray chunkHash;
    bool complete = false; // the node now holds the whole object (its manifest is durable)
};
QCborMap makeStoreAck(const StoreAck &ack, quint64 requestId);
Result<StoreAck> parseStoreAck(const QCborMap &message);

// A query or a fetch_chunk: one chunk of one object.
struct ChunkRequest
{
    MessageType type = MessageType::Query;
    QByteArray queryId;   // query only: the market's id of the query (the same to every racer)
    QByteArray chunkHash; // fetch_chunk only
    QByteArray objectId;
    qint64 index = 0;
};
QCborMap makeQuery(const QByteArray &queryId, const QByteArray &objectId, qint64 index,
                   quint64 requestId);
Result<ChunkRequest> parseChunkRequest(const QCborMap &message);

struct ChunkAnswer
{
    QByteArray queryId; // empty for a fetch_chunk
    QByteArray objectId;
    qint64 index = 0;
    qint64 leafCount = 0;
    QByteArray data;
    QList<QByteArray> proof;
    QByteArray nodeKey;
    QByteArray signature;
};
// A query_response when `request` was a query, else a chunk message.
QCborMap makeChunkAnswer(const ChunkRequest &request, const ChunkAnswer &answer, quint64 requestId);
Result<ChunkAnswer> parseChunkAnswer(const QCborMap &message);
// The bytes a node signs for an answer: canonical CBOR of {ctx, object_id, index, leaf_count,
// leaf_hash, query_id}. The leaf hash (not the chunk) keeps it small and ties it to the data.
QByteArray statement(const ChunkAnswer &answer, const QByteArray &leafHash);

QCborMap makeRefusal(const QString &code, const QString &reason, quint64 requestId);

} // namespace streamsync::wire
