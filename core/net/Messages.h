#pragma once

#include "crypto/NodeId.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>

#include <optional>

namespace streamsync {

// The peer protocol's message types (issue #4). A message is a CBOR map with a text "type" and
// the fields below; validate() checks that a known type carries its required fields with the
// right CBOR types. Extra fields are allowed so that a later protocol version can add some. This
// file only names and shapes messages; what a node does with them lives elsewhere.
//
//   hello           node_id (32 bytes), protocol_version (uint), params_hash (32 bytes)
//   heads           heads (map: author key -> [seq, hash])
//   range_pull      author (bytes), from_seq (uint), to_seq (uint), both inclusive
//   events          events (array of signed events, each its canonical CBOR bytes)
//   store_chunk     chunk_hash (32 bytes), data (bytes)
//   store_ack       chunk_hash (32 bytes), stored (bool)
//   fetch_chunk     chunk_hash (32 bytes)
//   chunk           chunk_hash (32 bytes), data (bytes), proof (array of 32-byte hashes)
//   query           query_id (bytes), object_id (32 bytes)
//   query_response  query_id (bytes)
//   audit_challenge challenge (bytes), chunk_hash (32 bytes)
//   audit_response  challenge (bytes), proof (bytes)
//   error           code (text), reason (text)
//   fork_proof      proof (map: {"a": encoded event, "b": encoded event}, see ForkProof)
//   store_manifest  object_id (32 bytes), size (uint), chunks (array of 32-byte chunk hashes),
//                   leaves (array of 32-byte RFC 6962 leaf hashes, in chunk order)
//   manifest_ack    object_id (32 bytes), missing (array of uint chunk indexes still needed)
//   publish_event   event (bytes: one signed event of the sender's own feed)
//   published       hash (32 bytes: the stored event's hash)
//   receipt         node, customer (32-byte keys), epoch, queries, amount (uint), sig (64 bytes)
//   receipt_ack     epoch, queries, amount (uint: the receipt the node now keeps)
//   cancel          query_id (bytes)
//   market          (object_id, optional)
//   market_reply    now_ms, epoch (uint), candidates (array), params_hash (32 bytes)
//
// Gossip (core/gossip) also sends an optional `reply` (bool) in heads: a heads sent in answer to
// another heads, which must not be answered again. Storage and query messages carry more fields
// than the required ones above (request ids, indexes, signatures): see net/StorageMessages.h;
// the market's messages (publish_event .. market_reply) are shaped in net/MarketMessages.h.
enum class MessageType {
    Hello,
    Heads,
    RangePull,
    Events,
    StoreChunk,
    StoreAck,
    FetchChunk,
    Chunk,
    Query,
    QueryResponse,
    AuditChallenge,
    AuditResponse,
    Error,
    ForkProof,
    StoreManifest,
    ManifestAck,
    PublishEvent,
    Published,
    Receipt,
    ReceiptAck,
    Cancel,
    Market,
    MarketReply,
};

namespace message {

QString typeName(MessageType type);
std::optional<MessageType> typeOf(const QCborMap &message);

// A message of `type` with `fields`; the "type" key is set here.
QCborMap make(MessageType type, QCborMap fields = {});
Result<void> validate(const QCborMap &message);

struct Hello
{
    NodeId nodeId;
    qint64 protocolVersion = 0;
    QByteArray paramsHash;
};
QCborMap makeHello(const Hello &hello);
Result<Hello> parseHello(const QCborMap &message);

// Machine-readable codes for error frames the transport itself sends.
inline const QString kErrorProtocolVersion = QStringLiteral("protocol_version");
inline const QString kErrorParams = QStringLiteral("params_mismatch");
inline const QString kErrorIdentity = QStringLiteral("identity");
inline const QString kErrorProtocol = QStringLiteral("protocol");

struct ErrorReport
{
    QString code;
    QString reason;
};
QCborMap makeError(const QString &code, const QString &reason);
Result<ErrorReport> parseError(const QCborMap &message);

} // namespace message

} // namespace streamsync
