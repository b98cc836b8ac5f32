#include "log/Event.h"

#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "log/CanonicalCbor.h"

#include <QCborArray>
#include <QCborValue>
#include <QLatin1StringView>
#include <QStringList>

#include <algorithm>
#include <array>
#include <limits>

namespace streamsync {

namespace {

const QLatin1StringView kAuthor("author");
const QLatin1StringView kSeq("seq");
const QLatin1StringView kPrev("prev");
const QLatin1StringView kDeps("deps");
const QLatin1StringView kTime("time");
const QLatin1StringView kKind("kind");
const QLatin1StringView kBody("body");
const QLatin1StringView kSig("sig");
const std::array<QLatin1StringView, 8> kFields{kAuthor, kSeq,  kPrev, kDeps,
                                               kTime,   kKind, kBody, kSig};

// The `sig` entry as canonical CBOR writes it: text "sig", then a 64-byte byte string head.
const QByteArrayView kSigEntryHead("\x63sig\x58\x40", 6);
constexpr qsizetype kSigEntrySize = 6 + Event::kSigSize;

Error refuse(Refusal *why, Refusal reason, const QString &message)
{
    if (why)
        *why = reason;
    return fail(message);
}

// Canonical map keys sort by their encoding: shorter text first, so "seq" then "sig" lead and all
// other keys are longer. The signed form (7 fields, head 0xa7) and the full form (8 fields, head
// 0xa8) therefore differ only by the map head and one `sig` entry right after seq's value; splicing
// it out or in avoids encoding the event a second time on the verification hot path.
qsizetype sigEntryOffset(const QByteArray &canonical)
{
    constexpr qsizetype seqValueAt = 1 + 4; // map head, then the 4 bytes of the text key "seq"
    const int info = quint8(canonical.at(seqValueAt)) & 0x1f;
    const qsizetype valueSize = info < 24 ? 1 : 1 + (qsizetype(1) << (info - 24));
    return seqValueAt + valueSize;
}

QByteArray stripSig(const QByteArray &encoded)
{
    const qsizetype at = sigEntryOffset(encoded);
    Q_ASSERT(QByteArrayView(encoded).sliced(at, kSigEntryHead.size()) == kSigEntryHead);
    QByteArray out;
    out.reserve(encoded.size() - kSigEntrySize);
    out += char(0xa7);
    out += QByteArrayView(encoded).sliced(1, at - 1);
    out += QByteArrayView(encoded).sliced(at + kSigEntrySize);
    return out;
}

QByteArray insertSig(const QByteArray &signing, const QByteArray &sig)
{
    const qsizetype at = sigEntryOffset(signing);
    QByteArray out;
    out.reserve(signing.size() + kSigEntrySize);
    out += char(0xa8);
    out += QByteArrayView(signing).sliced(1, at - 1);
    out += kSigEntryHead;
    out += sig;
    out += QByteArrayView(signing).sliced(at);
    return out;
}

Result<QCborValue> parseCanonical(const QByteArray &bytes, Refusal *why)
{
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes, &error);
    if (error.error != QCborError::NoError)
        return refuse(why, Refusal::Malformed,
                      QStringLiteral("event is not valid CBOR (at byte %1: %2)")
                          .arg(error.offset)
                          .arg(error.errorString()));
    const auto canonical = cbor::encode(value);
    if (!canonical)
        return refuse(why, Refusal::NonCanonical,
                      QStringLiteral("event is not canonical CBOR: %1").arg(canonical.error()));
    if (canonical->size() < bytes.size() && bytes.startsWith(*canonical))
        return refuse(why, Refusal::Malformed,
                      QStringLiteral("event is followed by %1 trailing bytes")
                          .arg(bytes.size() - canonical->size()));
    if (*canonical != bytes)
        return refuse(why, Refusal::NonCanonical,
                      QStringLiteral("event is not in canonical CBOR form (RFC 8949 §4.2.1)"));
    return value;
}

Result<void> checkFieldNames(const QCborMap &map)
{
    for (const QLatin1StringView field : kFields) {
        if (!map.contains(field))
            return fail(QStringLiteral("event has no '%1' field").arg(field));
    }
    if (map.size() == qsizetype(kFields.size()))
        return {};
    QStringList extra;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (std::find(kFields.begin(), kFields.end(), it.key().toString()) == kFields.end())
            extra += it.key().toDiagnosticNotation();
    }
    return fail(QStringLiteral("event has unexpected fields: %1").arg(extra.join(u", ")));
}

Result<QByteArray> bytesField(const QCborValue &value, QLatin1StringView name, qsizetype size)
{
    if (!value.isByteArray())
        return fail(QStringLiteral("event field '%1' must be a byte string").arg(name));
    QByteArray bytes = value.toByteArray();
    if (bytes.size() != size)
        return fail(QStringLiteral("event field '%1' must have %2 bytes, not %3")
                        .arg(name)
                        .arg(size)
                        .arg(bytes.size()));
    return bytes;
}

Result<quint64> uintField(const QCborValue &value, QLatin1StringView name)
{
    if (!value.isInteger() || value.toInteger() < 0)
        return fail(QStringLiteral("event field '%1' must be an unsigned integer").arg(name));
    return quint64(value.toInteger());
}

Result<Event::DepHead> depHead(const QCborValue &value)
{
    const QCborArray pair = value.toArray();
    if (!value.isArray() || pair.size() != 2)
        return fail(QStringLiteral("event field 'deps' must map each author to [seq, hash]"));
    auto seq = uintField(pair.at(0), kDeps);
    if (!seq || *seq == 0)
        return fail(QStringLiteral("event field 'deps' has a seq that is not a positive integer"));
    auto hash = bytesField(pair.at(1), kDeps, Event::kHashSize);
    if (!hash)
        return Error{hash.error()};
    return Event::DepHead{*seq, std::move(hash).value()};
}

Result<Event::Deps> depsField(const QCborValue &value)
{
    if (!value.isMap())
        return fail(QStringLiteral("event field 'deps' must be a map"));
    Event::Deps deps;
    const QCborMap map = value.toMap();
    for (auto it = map.begin(); it != map.end(); ++it) {
        auto author = bytesField(it.key(), kDeps, Event::kKeySize);
        if (!author)
            return Error{author.error()};
        auto head = depHead(it.value());
        if (!head)
            return Error{head.error()};
        deps.insert(std::move(author).value(), std::move(head).value());
    }
    return deps;
}

// Moves a field's value into place, or keeps the first error met.
template <typename T> void take(Result<T> result, T &field, QString &firstError)
{
    if (result)
        field = std::move(result).value();
    else if (firstError.isEmpty())
        firstError = result.error();
}

bool isZero(const QByteArray &bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == 0; });
}

QCborMap depsToCbor(const Event::Deps &deps)
{
    QCborMap map;
    for (auto it = deps.begin(); it != deps.end(); ++it)
        map.insert(QCborValue(it.key()), QCborArray{qint64(it->seq), it->hash});
    return map;
}

} // namespace

Result<Event> Event::sign(const Ed25519SigningKey &key, quint64 seq, const QByteArray &prev,
                          const Deps &deps, quint64 timeMs, EventKind kind, const QCborMap &body)
{
    constexpr auto maxInt = quint64(std::numeric_limits<qint64>::max());
    if (seq > maxInt || timeMs > maxInt)
        return fail(QStringLiteral("event seq and time must be below 2^63"));
    const QCborMap signing{{kAuthor, key.publicKey()},
                           {kSeq, qint64(seq)},
                           {kPrev, prev},
                           {kDeps, depsToCbor(deps)},
                           {kTime, qint64(timeMs)},
                           {kKind, eventKindName(kind)},
                           {kBody, body}};
    const auto signingBytes = cbor::encode(signing);
    if (!signingBytes)
        return Error{signingBytes.error()};
    const QByteArray encoded = insertSig(*signingBytes, key.sign(*signingBytes));
    // Decoding our own output applies every rule a receiver applies, so nothing we sign can be
    // refused by an honest peer.
    return decode(encoded, std::numeric_limits<qsizetype>::max());
}

Result<Event> Event::decode(const QByteArray &bytes, qsizetype maxBytes, Refusal *why)
{
    if (why)
        *why = Refusal::None;
    if (bytes.size() > maxBytes)
        return refuse(why, Refusal::Oversize,
                      QStringLiteral("event of %1 bytes is over the limit of %2 bytes")
                          .arg(bytes.size())
                          .arg(maxBytes));
    const auto value = parseCanonical(bytes, why);
    if (!value)
        return Error{value.error()};
    if (!value->isMap())
        return refuse(why, Refusal::Malformed, QStringLiteral("event is not a CBOR map"));
    auto event = fromMap(value->toMap(), why);
    if (!event)
        return event;
    event.value().m_encoded = bytes;
    event.value().cacheSigning(stripSig(bytes));
    return event;
}

Result<Event> Event::fromMap(const QCborMap &map, Refusal *why)
{
    Event e;
    if (auto names = checkFieldNames(map); !names)
        return refuse(why, Refusal::Malformed, names.error());
    if (auto fields = e.readFields(map); !fields)
        return refuse(why, Refusal::Malformed, fields.error());
    if (e.m_seq == 0)
        return refuse(why, Refusal::Malformed, QStringLiteral("event seq must start at 1, not 0"));
    if (e.m_seq == 1 && !isZero(e.m_prev))
        return refuse(why, Refusal::Malformed,
                      QStringLiteral("event seq 1 must have an all-zero prev"));
    const QString kind = map.value(kKind).toString();
    const auto knownKind = eventKindFromString(kind);
    if (!knownKind)
        return refuse(why, Refusal::UnknownKind,
                      QStringLiteral("unknown event kind '%1'").arg(kind));
    e.m_kind = *knownKind;
    return e;
}

// Every field but `kind` (whose refusal has its own reason): type and size checks only.
Result<void> Event::readFields(const QCborMap &map)
{
    QString error;
    take(bytesField(map.value(kAuthor), kAuthor, kKeySize), m_author, error);
    take(uintField(map.value(kSeq), kSeq), m_seq, error);
    take(bytesField(map.value(kPrev), kPrev, kHashSize), m_prev, error);
    take(depsField(map.value(kDeps)), m_deps, error);
    take(uintField(map.value(kTime), kTime), m_timeMs, error);
    take(bytesField(map.value(kSig), kSig, kSigSize), m_sig, error);
    if (!error.isEmpty())
        return fail(error);
    if (!map.value(kKind).isString())
        return fail(QStringLiteral("event field 'kind' must be a text string"));
    const QCborValue body = map.value(kBody);
    if (!body.isMap())
        return fail(QStringLiteral("event field 'body' must be a map"));
    m_body = body.toMap();
    return {};
}

void Event::cacheSigning(QByteArray signingBytes)
{
    m_hash = sha256(signingBytes);
    m_signingBytes = std::move(signingBytes);
}

bool Event::signatureValid() const
{
    const auto key = Ed25519PublicKey::fromRaw(m_author);
    return key && signatureValid(*key);
}

bool Event::signatureValid(const Ed25519PublicKey &authorKey) const
{
    return authorKey.raw() == m_author && authorKey.verify(m_signingBytes, m_sig);
}

QString Event::shortHex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.left(4).toHex());
}

QString Event::shortName() const
{
    return shortHex(m_author) % QLatin1Char('#') % QString::number(m_seq);
}

} // namespace streamsync
