#pragma once

#include "log/EventKind.h"
#include "log/Refusal.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QMap>

namespace streamsync {

class Ed25519PublicKey;
class Ed25519SigningKey;

// One signed log event (DESIGN.md §4): {author, seq, prev, deps, time, kind, body, sig} in
// canonical CBOR. Immutable: it only comes from sign() or decode(), so its encoding, signing bytes
// and hash are computed once and cached, and can never go stale behind a changed field.
class Event
{
public:
    static constexpr qsizetype kKeySize = 32;
    static constexpr qsizetype kHashSize = 32;
    static constexpr qsizetype kSigSize = 64;

    // The head of another feed this event relies on.
    struct DepHead
    {
        quint64 seq = 0;
        QByteArray hash;
        bool operator==(const DepHead &other) const
        {
            return seq == other.seq && hash == other.hash;
        }
    };
    using Deps = QMap<QByteArray, DepHead>; // author key → head

    // Builds and signs an event. Refuses what decode() would refuse (seq 0, a prev that is not 32
    // bytes or not zero for seq 1, floats in the body, …), so a signed event always round-trips.
    static Result<Event> sign(const Ed25519SigningKey &key, quint64 seq, const QByteArray &prev,
                              const Deps &deps, quint64 timeMs, EventKind kind,
                              const QCborMap &body);

    // Parses one encoded event. The size limit is checked before any parsing. `why`, if given,
    // receives the reason of a refusal (Oversize, Malformed, NonCanonical or UnknownKind).
    static Result<Event> decode(const QByteArray &bytes, qsizetype maxBytes,
                                Refusal *why = nullptr);

    const QByteArray &author() const { return m_author; }
    quint64 seq() const { return m_seq; }
    const QByteArray &prev() const { return m_prev; }
    const Deps &deps() const { return m_deps; }
    quint64 timeMs() const { return m_timeMs; }
    EventKind kind() const { return m_kind; }
    QString kindName() const { return eventKindName(m_kind); }
    const QCborMap &body() const { return m_body; }
    const QByteArray &sig() const { return m_sig; }

    // Canonical CBOR of the event without `sig`: what is hashed and signed.
    const QByteArray &signingBytes() const { return m_signingBytes; }
    // SHA-256 of signingBytes(): the event's identity, named by the next event's `prev`.
    const QByteArray &hash() const { return m_hash; }
    // Canonical CBOR of the whole event, `sig` included: what travels and is stored.
    const QByteArray &encoded() const { return m_encoded; }

    bool signatureValid() const;
    // For verifiers of many events by one author, who keep the parsed key.
    bool signatureValid(const Ed25519PublicKey &authorKey) const;

    // A short printable name for messages: the author's first 4 bytes in hex, '#', the seq.
    QString shortName() const;
    // The first 4 bytes of a key or hash in hex, enough to tell them apart in a message.
    static QString shortHex(const QByteArray &bytes);

private:
    Event() = default;
    static Result<Event> fromMap(const QCborMap &map, Refusal *why);
    Result<void> readFields(const QCborMap &map);
    void cacheSigning(QByteArray signingBytes);

    QByteArray m_author;
    quint64 m_seq = 0;
    QByteArray m_prev;
    Deps m_deps;
    quint64 m_timeMs = 0;
    EventKind m_kind = EventKind::Genesis;
    QCborMap m_body;
    QByteArray m_sig;

    QByteArray m_signingBytes;
    QByteArray m_hash;
    QByteArray m_encoded;
};

} // namespace streamsync
