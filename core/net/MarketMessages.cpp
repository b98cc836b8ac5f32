#include "net/MarketMessages.h"

#include "net/StorageMessages.h"

#include <QCborArray>
#include <QLatin1StringView>

#include <limits>

namespace streamsync::wire {

namespace {

constexpr qsizetype kKeyBytes = 32;
constexpr qsizetype kMaxQueryIdBytes = 64; // as queries (StorageMessages.cpp)

const QLatin1StringView kRequestId("request_id");
const QLatin1StringView kEvent("event");
const QLatin1StringView kHash("hash");
const QLatin1StringView kNode("node");
const QLatin1StringView kCustomer("customer");
const QLatin1StringView kEpoch("epoch");
const QLatin1StringView kQueries("queries");
const QLatin1StringView kAmount("amount");
const QLatin1StringView kSig("sig");
const QLatin1StringView kQueryId("query_id");
const QLatin1StringView kObjectId("object_id");
const QLatin1StringView kNowMs("now_ms");
const QLatin1StringView kParamsHash("params_hash");
const QLatin1StringView kCandidates("candidates");
const QLatin1StringView kHolds("holds");
const QLatin1StringView kPriceQuery("price_query");
const QLatin1StringView kPriceGbMonth("price_gb_month");
const QLatin1StringView kPerformance("performance_ppm");
const QLatin1StringView kAccuracy("accuracy_ppm");
const QLatin1StringView kUptime("uptime_ppm");
const QLatin1StringView kStake("stake");
const QLatin1StringView kOnline("online");

Result<void> checkType(const QCborMap &message, MessageType type)
{
    if (message::typeOf(message) != type)
        return fail(QStringLiteral("expected a %1 message").arg(message::typeName(type)));
    return message::validate(message);
}

QCborMap withRequestId(QCborMap fields, quint64 requestId)
{
    fields.insert(kRequestId, qint64(requestId & 0x7fffffffffffffffULL));
    return fields;
}

// A non-negative integer field; `max` bounds it where the protocol does (parts per million).
Result<qint64> uintOf(const QCborMap &map, QLatin1StringView field,
                      qint64 max = std::numeric_limits<qint64>::max())
{
    const QCborValue value = map.value(field);
    if (!value.isInteger() || value.toInteger() < 0 || value.toInteger() > max)
        return fail(max == std::numeric_limits<qint64>::max()
                        ? QStringLiteral("%1 must be an unsigned integer").arg(field)
                        : QStringLiteral("%1 must be an integer from 0 to %2").arg(field).arg(max));
    return value.toInteger();
}

Result<QByteArray> keyOf(const QCborMap &map, QLatin1StringView field)
{
    const QCborValue value = map.value(field);
    if (!value.isByteArray() || value.toByteArray().size() != kKeyBytes)
        return fail(QStringLiteral("%1 must be a 32-byte key").arg(field));
    return value.toByteArray();
}

// The first error of several field reads, prefixed with the message's name.
template <typename... R> std::optional<QString> firstError(const QString &what, const R &...reads)
{
    std::optional<QString> error;
    (void)((!reads ? (error = what + QStringLiteral(": ") + reads.error(), true) : false) || ...);
    return error;
}

QCborMap candidateMap(const MarketCandidate &c)
{
    return {{kNode, c.node},
            {kPriceQuery, c.priceQuery},
            {kPriceGbMonth, c.priceGbMonth},
            {kPerformance, c.performancePpm},
            {kAccuracy, c.accuracyPpm},
            {kUptime, c.uptimePpm},
            {kStake, c.stake},
            {kOnline, c.online}};
}

Result<MarketCandidate> parseCandidate(const QCborValue &item, qsizetype index)
{
    const QString what = QStringLiteral("market_reply: candidate %1").arg(index);
    if (!item.isMap())
        return fail(what + QStringLiteral(" is not a map"));
    const QCborMap map = item.toMap();
    const auto node = keyOf(map, kNode);
    const auto priceQuery = uintOf(map, kPriceQuery);
    const auto priceGbMonth = uintOf(map, kPriceGbMonth);
    const auto performance = uintOf(map, kPerformance, kPartsPerMillion);
    const auto accuracy = uintOf(map, kAccuracy, kPartsPerMillion);
    const auto uptime = uintOf(map, kUptime, kPartsPerMillion);
    const auto stake = uintOf(map, kStake);
    if (auto error =
            firstError(what, node, priceQuery, priceGbMonth, performance, accuracy, uptime, stake))
        return fail(*error);
    if (!map.value(kOnline).isBool())
        return fail(what + QStringLiteral(": online must be a bool"));
    return MarketCandidate{node.value(), *priceQuery, *priceGbMonth, *performance,
                           *accuracy,    *uptime,     *stake,        map.value(kOnline).toBool()};
}

} // namespace

QCborMap makePublishEvent(const QByteArray &encodedEvent, quint64 requestId)
{
    return message::make(MessageType::PublishEvent,
                         withRequestId({{kEvent, encodedEvent}}, requestId));
}

Result<QByteArray> parsePublishEvent(const QCborMap &message, qsizetype maxEventBytes)
{
    if (auto valid = checkType(message, MessageType::PublishEvent); !valid)
        return Error{valid.error()};
    const QByteArray event = message.value(kEvent).toByteArray();
    if (event.isEmpty() || event.size() > maxEventBytes)
        return fail(QStringLiteral("publish_event: the event must be 1 to %1 bytes, not %2")
                        .arg(maxEventBytes)
                        .arg(event.size()));
    return event;
}

QCborMap makePublished(const QByteArray &eventHash, quint64 requestId)
{
    return message::make(MessageType::Published, withRequestId({{kHash, eventHash}}, requestId));
}

Result<QByteArray> parsePublished(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::Published); !valid)
        return Error{valid.error()};
    return message.value(kHash).toByteArray();
}

QCborMap makeReceipt(const ReceiptFields &receipt, quint64 requestId)
{
    return message::make(MessageType::Receipt, withRequestId({{kNode, receipt.node},
                                                              {kCustomer, receipt.customer},
                                                              {kEpoch, receipt.epoch},
                                                              {kQueries, receipt.queries},
                                                              {kAmount, receipt.amount},
                                                              {kSig, receipt.sig}},
                                                             requestId));
}

// The generic validation already checked every field's type and size.
Result<ReceiptFields> parseReceipt(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::Receipt); !valid)
        return Error{valid.error()};
    return ReceiptFields{message.value(kNode).toByteArray(), message.value(kCustomer).toByteArray(),
                         message.value(kEpoch).toInteger(),  message.value(kQueries).toInteger(),
                         message.value(kAmount).toInteger(), message.value(kSig).toByteArray()};
}

QCborMap makeReceiptAck(const ReceiptAck &ack, quint64 requestId)
{
    return message::make(
        MessageType::ReceiptAck,
        withRequestId({{kEpoch, ack.epoch}, {kQueries, ack.queries}, {kAmount, ack.amount}},
                      requestId));
}

Result<ReceiptAck> parseReceiptAck(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::ReceiptAck); !valid)
        return Error{valid.error()};
    return ReceiptAck{message.value(kEpoch).toInteger(), message.value(kQueries).toInteger(),
                      message.value(kAmount).toInteger()};
}

QCborMap makeCancel(const QByteArray &queryId)
{
    return message::make(MessageType::Cancel, {{kQueryId, queryId}});
}

Result<QByteArray> parseCancel(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::Cancel); !valid)
        return Error{valid.error()};
    const QByteArray queryId = message.value(kQueryId).toByteArray();
    if (queryId.isEmpty() || queryId.size() > kMaxQueryIdBytes)
        return fail(
            QStringLiteral("cancel: the query id must be 1 to %1 bytes").arg(kMaxQueryIdBytes));
    return queryId;
}

QCborMap makeMarket(const QByteArray &objectId, quint64 requestId)
{
    QCborMap fields;
    if (!objectId.isEmpty())
        fields.insert(kObjectId, objectId);
    return message::make(MessageType::Market, withRequestId(fields, requestId));
}

Result<std::optional<QByteArray>> parseMarket(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::Market); !valid)
        return Error{valid.error()};
    if (!message.contains(kObjectId))
        return std::optional<QByteArray>();
    const auto objectId = keyOf(message, kObjectId);
    if (!objectId)
        return fail(QStringLiteral("market: object_id must be a 32-byte hash"));
    return std::optional<QByteArray>(objectId.value());
}

QCborMap makeMarketReply(const MarketReply &reply, quint64 requestId)
{
    QCborArray candidates;
    for (const MarketCandidate &candidate : reply.candidates)
        candidates.append(candidateMap(candidate));
    QCborMap fields{{kNowMs, reply.nowMs},
                    {kEpoch, reply.epoch},
                    {kParamsHash, reply.paramsHash},
                    {kCandidates, candidates}};
    if (reply.holds)
        fields.insert(kHolds, *reply.holds);
    return message::make(MessageType::MarketReply, withRequestId(fields, requestId));
}

Result<MarketReply> parseMarketReply(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::MarketReply); !valid)
        return Error{valid.error()};
    const QCborArray items = message.value(kCandidates).toArray();
    if (items.size() > kMaxMarketCandidates)
        return fail(
            QStringLiteral("market_reply: more than %1 candidates").arg(kMaxMarketCandidates));
    MarketReply reply{message.value(kNowMs).toInteger(),
                      message.value(kEpoch).toInteger(),
                      message.value(kParamsHash).toByteArray(),
                      {},
                      std::nullopt};
    for (const QCborValue &item : items) {
        auto candidate = parseCandidate(item, reply.candidates.size());
        if (!candidate)
            return Error{candidate.error()};
        reply.candidates.append(std::move(candidate).value());
    }
    const QCborValue holds = message.value(kHolds);
    if (!holds.isUndefined() && !holds.isBool())
        return fail(QStringLiteral("market_reply: holds must be a bool"));
    if (holds.isBool())
        reply.holds = holds.toBool();
    return reply;
}

} // namespace streamsync::wire
