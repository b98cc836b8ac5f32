#include "net/StorageMessages.h"

#include "log/CanonicalCbor.h"

#include <QCborArray>
#include <QLatin1StringView>

namespace streamsync::wire {

namespace {

constexpr qsizetype kHashBytes = 32;
// Query ids are opaque to nodes, but bounded so a node never echoes a megabyte back.
constexpr qsizetype kMaxQueryIdBytes = 64;

const QLatin1StringView kRequestId("request_id");
const QLatin1StringView kObjectId("object_id");
const QLatin1StringView kSize("size");
const QLatin1StringView kChunks("chunks");
const QLatin1StringView kLeaves("leaves");
const QLatin1StringView kMissing("missing");
const QLatin1StringView kChunkHash("chunk_hash");
const QLatin1StringView kData("data");
const QLatin1StringView kIndex("index");
const QLatin1StringView kStored("stored");
const QLatin1StringView kComplete("complete");
const QLatin1StringView kQueryId("query_id");
const QLatin1StringView kLeafCount("leaf_count");
const QLatin1StringView kProof("proof");
const QLatin1StringView kNodeKey("node_key");
const QLatin1StringView kSig("sig");

Result<void> checkType(const QCborMap &message, MessageType type)
{
    if (message::typeOf(message) != type)
        return fail(QStringLiteral("expected a %1 message").arg(message::typeName(type)));
    return message::validate(message);
}

QCborArray toArray(const QList<QByteArray> &hashes)
{
    QCborArray array;
    for (const QByteArray &hash : hashes)
        array.append(hash);
    return array;
}

Result<QList<QByteArray>> hashesOf(const QCborMap &message, QLatin1StringView field)
{
    QList<QByteArray> hashes;
    for (const QCborValue &item : message.value(field).toArray()) {
        if (!item.isByteArray() || item.toByteArray().size() != kHashBytes)
            return fail(
                QStringLiteral("%1: item %2 is not a 32-byte hash").arg(field).arg(hashes.size()));
        hashes.append(item.toByteArray());
    }
    return hashes;
}

// A required non-negative integer field (beyond the generic validation's fields).
Result<qint64> indexOf(const QCborMap &message, QLatin1StringView field)
{
    const QCborValue value = message.value(field);
    if (!value.isInteger() || value.toInteger() < 0)
        return fail(QStringLiteral("%1 must be a non-negative integer").arg(field));
    return value.toInteger();
}

Result<QByteArray> hashField(const QCborMap &message, QLatin1StringView field)
{
    const QCborValue value = message.value(field);
    if (!value.isByteArray() || value.toByteArray().size() != kHashBytes)
        return fail(QStringLiteral("%1 must be a 32-byte hash").arg(field));
    return value.toByteArray();
}

QCborMap withRequestId(QCborMap fields, quint64 requestId)
{
    fields.insert(kRequestId, qint64(requestId & 0x7fffffffffffffffULL));
    return fields;
}

} // namespace

quint64 requestIdOf(const QCborMap &message)
{
    const QCborValue value = message.value(kRequestId);
    return value.isInteger() && value.toInteger() >= 0 ? quint64(value.toInteger()) : 0;
}

QCborMap makeStoreManifest(const ObjectManifest &manifest, quint64 requestId)
{
    return message::make(MessageType::StoreManifest,
                         withRequestId({{kObjectId, manifest.objectId},
                                        {kSize, manifest.size},
                                        {kChunks, toArray(manifest.chunkHashes)},
                                        {kLeaves, toArray(manifest.leafHashes)}},
                                       requestId));
}

Result<ObjectManifest> parseStoreManifest(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::StoreManifest); !valid)
        return Error{valid.error()};
    ObjectManifest manifest;
    manifest.objectId = message.value(kObjectId).toByteArray();
    manifest.size = message.value(kSize).toInteger();
    auto chunks = hashesOf(message, kChunks);
    auto leaves = hashesOf(message, kLeaves);
    if (!chunks || !leaves)
        return Error{chunks ? leaves.error() : chunks.error()};
    if (chunks->size() != leaves->size())
        return fail(QStringLiteral("store_manifest: %1 chunk hashes but %2 leaf hashes")
                        .arg(chunks->size())
                        .arg(leaves->size()));
    manifest.chunkHashes = std::move(chunks).value();
    manifest.leafHashes = std::move(leaves).value();
    return manifest;
}

QCborMap makeManifestAck(const ManifestAck &ack, quint64 requestId)
{
    QCborArray missing;
    for (qint64 index : ack.missing)
        missing.append(index);
    return message::make(
        MessageType::ManifestAck,
        withRequestId({{kObjectId, ack.objectId}, {kMissing, missing}}, requestId));
}

Result<ManifestAck> parseManifestAck(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::ManifestAck); !valid)
        return Error{valid.error()};
    ManifestAck ack{message.value(kObjectId).toByteArray(), {}};
    for (const QCborValue &item : message.value(kMissing).toArray()) {
        if (!item.isInteger() || item.toInteger() < 0)
            return fail(QStringLiteral("manifest_ack: a missing index is not an index"));
        ack.missing.append(item.toInteger());
    }
    return ack;
}

QCborMap makeStoreChunk(const StoreChunk &chunk, quint64 requestId)
{
    return message::make(MessageType::StoreChunk, withRequestId({{kChunkHash, chunk.chunkHash},
                                                                 {kData, chunk.data},
                                                                 {kObjectId, chunk.objectId},
                                                                 {kIndex, chunk.index}},
                                                                requestId));
}

Result<StoreChunk> parseStoreChunk(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::StoreChunk); !valid)
        return Error{valid.error()};
    const auto objectId = hashField(message, kObjectId);
    const auto index = indexOf(message, kIndex);
    if (!objectId || !index)
        return fail(QStringLiteral("store_chunk: ") +
                    (objectId ? index.error() : objectId.error()));
    return StoreChunk{objectId.value(), index.value(), message.value(kChunkHash).toByteArray(),
                      message.value(kData).toByteArray()};
}

QCborMap makeStoreAck(const StoreAck &ack, quint64 requestId)
{
    return message::make(MessageType::StoreAck, withRequestId({{kChunkHash, ack.chunkHash},
                                                               {kStored, true},
                                                               {kObjectId, ack.objectId},
                                                               {kIndex, ack.index},
                                                               {kComplete, ack.complete}},
                                                              requestId));
}

Result<StoreAck> parseStoreAck(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::StoreAck); !valid)
        return Error{valid.error()};
    const auto index = indexOf(message, kIndex);
    if (!index || !message.value(kStored).toBool())
        return fail(QStringLiteral("store_ack: not an acknowledgement of a stored chunk"));
    return StoreAck{message.value(kObjectId).toByteArray(), index.value(),
                    message.value(kChunkHash).toByteArray(),
                    message.value(kComplete).toBool(false)};
}

QCborMap makeQuery(const QByteArray &queryId, const QByteArray &objectId, qint64 index,
                   quint64 requestId)
{
    return message::make(
        MessageType::Query,
        withRequestId({{kQueryId, queryId}, {kObjectId, objectId}, {kIndex, index}}, requestId));
}

Result<ChunkRequest> parseChunkRequest(const QCborMap &message)
{
    const auto type = message::typeOf(message);
    if (type != MessageType::Query && type != MessageType::FetchChunk)
        return fail(QStringLiteral("expected a query or fetch_chunk message"));
    if (auto valid = message::validate(message); !valid)
        return Error{valid.error()};
    const auto objectId = hashField(message, kObjectId);
    const auto index = indexOf(message, kIndex);
    if (!objectId || !index)
        return fail(message::typeName(*type) + QStringLiteral(": ") +
                    (objectId ? index.error() : objectId.error()));
    ChunkRequest request{*type, message.value(kQueryId).toByteArray(),
                         message.value(kChunkHash).toByteArray(), objectId.value(), index.value()};
    if (request.queryId.size() > kMaxQueryIdBytes)
        return fail(
            QStringLiteral("query: the query id is longer than %1 bytes").arg(kMaxQueryIdBytes));
    return request;
}

QCborMap makeChunkAnswer(const ChunkRequest &request, const ChunkAnswer &answer, quint64 requestId)
{
    QCborMap fields{
        {kData, answer.data},           {kObjectId, answer.objectId},    {kIndex, answer.index},
        {kLeafCount, answer.leafCount}, {kProof, toArray(answer.proof)}, {kNodeKey, answer.nodeKey},
        {kSig, answer.signature}};
    if (request.type == MessageType::FetchChunk) {
        fields.insert(kChunkHash, request.chunkHash);
        return message::make(MessageType::Chunk, withRequestId(fields, requestId));
    }
    fields.insert(kQueryId, answer.queryId);
    return message::make(MessageType::QueryResponse, withRequestId(fields, requestId));
}

Result<ChunkAnswer> parseChunkAnswer(const QCborMap &message)
{
    const auto type = message::typeOf(message);
    if (type != MessageType::QueryResponse && type != MessageType::Chunk)
        return fail(QStringLiteral("expected a query_response or chunk message"));
    if (auto valid = message::validate(message); !valid)
        return Error{valid.error()};
    const auto objectId = hashField(message, kObjectId);
    const auto index = indexOf(message, kIndex);
    const auto leafCount = indexOf(message, kLeafCount);
    auto proof = hashesOf(message, kProof);
    if (!objectId || !index || !leafCount || !proof)
        return fail(QStringLiteral("malformed answer: ") + (!objectId    ? objectId.error()
                                                            : !index     ? index.error()
                                                            : !leafCount ? leafCount.error()
                                                                         : proof.error()));
    return ChunkAnswer{message.value(kQueryId).toByteArray(),
                       objectId.value(),
                       index.value(),
                       leafCount.value(),
                       message.value(kData).toByteArray(),
                       std::move(proof).value(),
                       message.value(kNodeKey).toByteArray(),
                       message.value(kSig).toByteArray()};
}

QByteArray statement(const ChunkAnswer &answer, const QByteArray &leafHash)
{
    const QCborMap map{{QLatin1StringView("ctx"), QLatin1StringView("streamsync/chunk-answer/v1")},
                       {kObjectId, answer.objectId},
                       {kIndex, answer.index},
                       {kLeafCount, answer.leafCount},
                       {QLatin1StringView("leaf_hash"), leafHash},
                       {kQueryId, answer.queryId}};
    // Only integers, byte and text strings: the canonical encoder cannot refuse it.
    return cbor::encode(map).value();
}

QCborMap makeRefusal(const QString &code, const QString &reason, quint64 requestId)
{
    return withRequestId(message::makeError(code, reason), requestId);
}

} // namespace streamsync::wire
