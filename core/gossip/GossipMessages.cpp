#include "gossip/GossipMessages.h"

#include "net/Messages.h"

#include <QCborArray>
#include <QLatin1StringView>

#include <limits>

namespace streamsync::gossip {

namespace {

const QLatin1StringView kHeads("heads");
const QLatin1StringView kReply("reply");
const QLatin1StringView kAuthor("author");
const QLatin1StringView kFromSeq("from_seq");
const QLatin1StringView kToSeq("to_seq");
const QLatin1StringView kEvents("events");
const QLatin1StringView kProof("proof");

// Event refuses seqs of 2^63 and more, so they travel as non-negative CBOR integers.
qint64 wireSeq(quint64 seq)
{
    return qint64(qMin<quint64>(seq, quint64(std::numeric_limits<qint64>::max())));
}

Result<void> checkType(const QCborMap &message, MessageType type)
{
    if (message::typeOf(message) != type)
        return fail(QStringLiteral("expected a %1 message").arg(message::typeName(type)));
    return message::validate(message);
}

Result<Event::DepHead> parseHead(const QCborValue &key, const QCborValue &value)
{
    const QCborArray pair = value.toArray();
    if (!key.isByteArray() || key.toByteArray().size() != Event::kKeySize)
        return fail(QStringLiteral("heads: an author key is not %1 bytes").arg(Event::kKeySize));
    if (!value.isArray() || pair.size() != 2 || !pair.at(0).isInteger() ||
        pair.at(0).toInteger() < 1 || !pair.at(1).isByteArray() ||
        pair.at(1).toByteArray().size() != Event::kHashSize)
        return fail(QStringLiteral("heads: the head of %1 is not [seq >= 1, 32-byte hash]")
                        .arg(Event::shortHex(key.toByteArray())));
    return Event::DepHead{quint64(pair.at(0).toInteger()), pair.at(1).toByteArray()};
}

} // namespace

QCborMap makeHeads(const Event::Deps &heads, bool reply)
{
    QCborMap map;
    for (auto it = heads.begin(); it != heads.end(); ++it)
        map.insert(QCborValue(it.key()), QCborArray{wireSeq(it->seq), it->hash});
    QCborMap fields{{kHeads, map}};
    if (reply)
        fields.insert(kReply, true);
    return message::make(MessageType::Heads, fields);
}

Result<Heads> parseHeads(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::Heads); !valid)
        return Error{valid.error()};
    Heads parsed;
    parsed.reply = message.value(kReply).toBool(false);
    const QCborMap map = message.value(kHeads).toMap();
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        auto head = parseHead(it.key(), it.value());
        if (!head)
            return Error{head.error()};
        parsed.heads.insert(it.key().toByteArray(), head.value());
    }
    return parsed;
}

QCborMap makeRangePull(const RangePull &pull)
{
    return message::make(
        MessageType::RangePull,
        {{kAuthor, pull.author}, {kFromSeq, wireSeq(pull.fromSeq)}, {kToSeq, wireSeq(pull.toSeq)}});
}

Result<RangePull> parseRangePull(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::RangePull); !valid)
        return Error{valid.error()};
    RangePull pull;
    pull.author = message.value(kAuthor).toByteArray();
    pull.fromSeq = quint64(message.value(kFromSeq).toInteger());
    pull.toSeq = quint64(message.value(kToSeq).toInteger());
    if (pull.author.size() != Event::kKeySize)
        return fail(
            QStringLiteral("range_pull: the author key is not %1 bytes").arg(Event::kKeySize));
    if (pull.fromSeq < 1 || pull.fromSeq > pull.toSeq)
        return fail(QStringLiteral("range_pull: %1..%2 is not a range of seqs")
                        .arg(pull.fromSeq)
                        .arg(pull.toSeq));
    return pull;
}

QCborMap makeEvents(const QList<QByteArray> &encodedEvents)
{
    QCborArray array;
    for (const QByteArray &event : encodedEvents)
        array.append(event);
    return message::make(MessageType::Events, {{kEvents, array}});
}

Result<QList<QByteArray>> parseEvents(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::Events); !valid)
        return Error{valid.error()};
    QList<QByteArray> events;
    for (const QCborValue &item : message.value(kEvents).toArray()) {
        if (!item.isByteArray())
            return fail(
                QStringLiteral("events: item %1 is not an encoded event").arg(events.size() + 1));
        events.append(item.toByteArray());
    }
    return events;
}

QCborMap makeForkProof(const QCborMap &proof)
{
    return message::make(MessageType::ForkProof, {{kProof, proof}});
}

Result<QCborMap> parseForkProof(const QCborMap &message)
{
    if (auto valid = checkType(message, MessageType::ForkProof); !valid)
        return Error{valid.error()};
    return message.value(kProof).toMap();
}

} // namespace streamsync::gossip
