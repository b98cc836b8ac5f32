#include "log/Feed.h"

namespace streamsync {

Feed::Feed(QByteArray author, qsizetype maxEventBytes)
    : m_author(std::move(author)), m_maxEventBytes(maxEventBytes)
{}

Feed::Head Feed::head() const
{
    if (m_events.isEmpty())
        return Head{0, QByteArray(Event::kHashSize, '\0')};
    return Head{m_events.last().seq(), m_events.last().hash()};
}

Result<Event> Feed::append(const Ed25519SigningKey &key, EventKind kind, const QCborMap &body,
                           const Event::Deps &deps, quint64 timeMs)
{
    if (key.publicKey() != m_author)
        return fail(QStringLiteral("feed %1: cannot append with the key of %2")
                        .arg(Event::shortHex(m_author), Event::shortHex(key.publicKey())));
    const Head last = head();
    auto event = Event::sign(key, last.seq + 1, last.hash, deps, timeMs, kind, body);
    if (!event)
        return fail(QStringLiteral("feed %1: cannot sign event seq %2: %3")
                        .arg(Event::shortHex(m_author))
                        .arg(last.seq + 1)
                        .arg(event.error()));
    // Checked as any receiver would check it, so a bad event never leaves this node.
    if (auto accepted = accept(*event); !accepted)
        return Error{accepted.error()};
    return event;
}

// Cheap chain checks come before the signature, so junk costs a comparison, not a verification.
Result<void> Feed::accept(const Event &event, Refusal *why)
{
    if (why)
        *why = Refusal::None;
    if (event.author() != m_author)
        return refuse(
            event, why, Refusal::WrongAuthor,
            QStringLiteral("author %1 is not this feed's").arg(Event::shortHex(event.author())));
    if (event.encoded().size() > m_maxEventBytes)
        return refuse(event, why, Refusal::Oversize,
                      QStringLiteral("event of %1 bytes is over the limit of %2 bytes")
                          .arg(event.encoded().size())
                          .arg(m_maxEventBytes));
    const quint64 next = quint64(m_events.size()) + 1;
    if (event.seq() < next)
        return acceptKnownSeq(event, why);
    if (event.seq() > next)
        return refuse(event, why, Refusal::GapInSeq,
                      QStringLiteral("gap in seq: expected %1, got %2").arg(next).arg(event.seq()));
    if (const QByteArray headHash = head().hash; event.prev() != headHash)
        return refuse(event, why, Refusal::WrongPrev,
                      QStringLiteral("wrong prev: expected %1…, got %2…")
                          .arg(Event::shortHex(headHash), Event::shortHex(event.prev())));
    if (auto signature = checkSignature(event, why); !signature)
        return signature;
    m_events.append(event);
    return {};
}

Result<void> Feed::acceptEncoded(const QByteArray &bytes, Refusal *why)
{
    auto event = Event::decode(bytes, m_maxEventBytes, why);
    if (!event)
        return fail(QStringLiteral("feed %1: event refused: %2")
                        .arg(Event::shortHex(m_author), event.error()));
    return accept(*event, why);
}

// Re-delivery is normal in gossip; the same seq with another content is equivocation.
Result<void> Feed::acceptKnownSeq(const Event &event, Refusal *why)
{
    const Event &known = m_events.at(qsizetype(event.seq() - 1));
    if (known.hash() == event.hash())
        return {};
    if (auto signature = checkSignature(event, why); !signature)
        return signature;
    if (auto proof = ForkProof::make(known, event); proof && !m_fork)
        m_fork = std::move(proof).value();
    return refuse(event, why, Refusal::Fork,
                  QStringLiteral("fork: hash %1… differs from the accepted %2…")
                      .arg(Event::shortHex(event.hash()), Event::shortHex(known.hash())));
}

Result<void> Feed::checkSignature(const Event &event, Refusal *why)
{
    if (!m_key)
        m_key = Ed25519PublicKey::fromRaw(m_author);
    if (!m_key->ok())
        return refuse(event, why, Refusal::BadSignature,
                      QStringLiteral("bad signature: %1").arg(m_key->error()));
    if (!event.signatureValid(m_key->value()))
        return refuse(event, why, Refusal::BadSignature, QStringLiteral("bad signature"));
    return {};
}

Error Feed::refuse(const Event &event, Refusal *why, Refusal reason, const QString &detail) const
{
    if (why)
        *why = reason;
    return fail(QStringLiteral("feed %1: event seq %2 refused: %3")
                    .arg(Event::shortHex(m_author))
                    .arg(event.seq())
                    .arg(detail));
}

} // namespace streamsync
