#include "net/Messages.h"

#include <array>

namespace streamsync::message {

namespace {

enum class Kind { Bytes, Hash, Uint, Text, Bool, Array, Map, Signature };

struct FieldSpec
{
    const char *name = nullptr;
    Kind kind = Kind::Bytes;
};

constexpr size_t kMaxFields = 6;

struct TypeSpec
{
    MessageType type;
    const char *name;
    FieldSpec fields[kMaxFields]; // unused slots have a null name
};

constexpr int kHashBytes = 32;
constexpr int kSignatureBytes = 64;

// One table names every type and its required fields, so a type cannot be added half-way.
const std::array<TypeSpec, 23> &specs()
{
    static const std::array<TypeSpec, 23> table{{
        {MessageType::Hello,
         "hello",
         {{"node_id", Kind::Hash}, {"protocol_version", Kind::Uint}, {"params_hash", Kind::Hash}}},
        {MessageType::Heads, "heads", {{"heads", Kind::Map}}},
        {MessageType::RangePull,
         "range_pull",
         {{"author", Kind::Bytes}, {"from_seq", Kind::Uint}, {"to_seq", Kind::Uint}}},
        {MessageType::Events, "events", {{"events", Kind::Array}}},
        {MessageType::StoreChunk,
         "store_chunk",
         {{"chunk_hash", Kind::Hash}, {"data", Kind::Bytes}}},
        {MessageType::StoreAck, "store_ack", {{"chunk_hash", Kind::Hash}, {"stored", Kind::Bool}}},
        {MessageType::FetchChunk, "fetch_chunk", {{"chunk_hash", Kind::Hash}}},
        {MessageType::Chunk,
         "chunk",
         {{"chunk_hash", Kind::Hash}, {"data", Kind::Bytes}, {"proof", Kind::Array}}},
        {MessageType::Query, "query", {{"query_id", Kind::Bytes}, {"object_id", Kind::Hash}}},
        {MessageType::QueryResponse, "query_response", {{"query_id", Kind::Bytes}}},
        {MessageType::AuditChallenge,
         "audit_challenge",
         {{"challenge", Kind::Bytes}, {"chunk_hash", Kind::Hash}}},
        {MessageType::AuditResponse,
         "audit_response",
         {{"challenge", Kind::Bytes}, {"proof", Kind::Bytes}}},
        {MessageType::Error, "error", {{"code", Kind::Text}, {"reason", Kind::Text}}},
        {MessageType::ForkProof, "fork_proof", {{"proof", Kind::Map}}},
        {MessageType::StoreManifest,
         "store_manifest",
         {{"object_id", Kind::Hash},
          {"size", Kind::Uint},
          {"chunks", Kind::Array},
          {"leaves", Kind::Array}}},
        {MessageType::ManifestAck,
         "manifest_ack",
         {{"object_id", Kind::Hash}, {"missing", Kind::Array}}},
        {MessageType::PublishEvent, "publish_event", {{"event", Kind::Bytes}}},
        {MessageType::Published, "published", {{"hash", Kind::Hash}}},
        {MessageType::Receipt,
         "receipt",
         {{"node", Kind::Hash},
          {"customer", Kind::Hash},
          {"epoch", Kind::Uint},
          {"queries", Kind::Uint},
          {"amount", Kind::Uint},
          {"sig", Kind::Signature}}},
        {MessageType::ReceiptAck,
         "receipt_ack",
         {{"epoch", Kind::Uint}, {"queries", Kind::Uint}, {"amount", Kind::Uint}}},
        {MessageType::Cancel, "cancel", {{"query_id", Kind::Bytes}}},
        {MessageType::Market, "market", {}},
        {MessageType::MarketReply,
         "market_reply",
         {{"now_ms", Kind::Uint},
          {"epoch", Kind::Uint},
          {"candidates", Kind::Array},
          {"params_hash", Kind::Hash}}},
    }};
    return table;
}

const TypeSpec &specOf(MessageType type)
{
    return specs()[size_t(type)];
}

bool hasKind(const QCborValue &value, Kind kind)
{
    switch (kind) {
    case Kind::Bytes:
        return value.isByteArray();
    case Kind::Hash:
        return value.isByteArray() && value.toByteArray().size() == kHashBytes;
    case Kind::Uint:
        return value.isInteger() && value.toInteger() >= 0;
    case Kind::Text:
        return value.isString();
    case Kind::Bool:
        return value.isBool();
    case Kind::Array:
        return value.isArray();
    case Kind::Map:
        return value.isMap();
    case Kind::Signature:
        return value.isByteArray() && value.toByteArray().size() == kSignatureBytes;
    }
    return false;
}

QString kindName(Kind kind)
{
    static const char *const names[] = {"bytes", "32-byte hash", "unsigned integer", "text", "bool",
                                        "array", "map",          "64-byte signature"};
    return QLatin1String(names[int(kind)]);
}

const QString kType = QStringLiteral("type");

} // namespace

QString typeName(MessageType type)
{
    return QLatin1String(specOf(type).name);
}

std::optional<MessageType> typeOf(const QCborMap &message)
{
    const QString name = message.value(kType).toString();
    for (const TypeSpec &spec : specs()) {
        if (name == QLatin1String(spec.name))
            return spec.type;
    }
    return std::nullopt;
}

QCborMap make(MessageType type, QCborMap fields)
{
    fields.insert(kType, typeName(type));
    return fields;
}

Result<void> validate(const QCborMap &message)
{
    const auto type = typeOf(message);
    if (!type)
        return fail(QStringLiteral("unknown message type \"%1\"")
                        .arg(message.value(kType).toString().left(40)));
    for (const FieldSpec &field : specOf(*type).fields) {
        if (field.name && !hasKind(message.value(QLatin1String(field.name)), field.kind))
            return fail(QStringLiteral("%1 message: field \"%2\" must be %3")
                            .arg(typeName(*type), QLatin1String(field.name), kindName(field.kind)));
    }
    return {};
}

QCborMap makeHello(const Hello &hello)
{
    QCborMap fields;
    fields.insert(QLatin1String("node_id"), hello.nodeId.bytes());
    fields.insert(QLatin1String("protocol_version"), hello.protocolVersion);
    fields.insert(QLatin1String("params_hash"), hello.paramsHash);
    return make(MessageType::Hello, fields);
}

Result<Hello> parseHello(const QCborMap &message)
{
    if (typeOf(message) != MessageType::Hello)
        return fail(QStringLiteral("expected a hello message"));
    if (auto r = validate(message); !r)
        return Error{r.error()};
    Hello hello;
    hello.nodeId = NodeId::fromHex(
        QString::fromLatin1(message.value(QLatin1String("node_id")).toByteArray().toHex()));
    hello.protocolVersion = message.value(QLatin1String("protocol_version")).toInteger();
    hello.paramsHash = message.value(QLatin1String("params_hash")).toByteArray();
    return hello;
}

QCborMap makeError(const QString &code, const QString &reason)
{
    QCborMap fields;
    fields.insert(QLatin1String("code"), code);
    fields.insert(QLatin1String("reason"), reason);
    return make(MessageType::Error, fields);
}

Result<ErrorReport> parseError(const QCborMap &message)
{
    if (typeOf(message) != MessageType::Error)
        return fail(QStringLiteral("expected an error message"));
    if (auto r = validate(message); !r)
        return Error{r.error()};
    return ErrorReport{message.value(QLatin1String("code")).toString(),
                       message.value(QLatin1String("reason")).toString()};
}

} // namespace streamsync::message
