#include "log/FeedRules.h"

namespace streamsync {

FeedRules::FeedRules(QByteArray author, qsizetype maxEventBytes)
    : m_author(std::move(author)), m_maxEventBytes(maxEventBytes)
{}

Result<FeedRules::Placement> FeedRules::check(const Event &event, const Head &head, Refusal *why)
{
    if (why)
        *why = Refusal::None;
    if (event.author() != m_author)
        return refuse(
            event, why, Refusal::WrongAuthor,
            QStringLiteral("author %1 is not this feed's").arg(Event::shortHex(event.author())));
    // An event decoded elsewhere with a larger limit is still held to this feed's.
    if (event.encoded().size() > m_maxEventBytes)
        return refuse(event, why, Refusal::Oversize,
                      QStringLiteral("event of %1 bytes is over the limit of %2 bytes")
                          .arg(event.encoded().size())
                          .arg(m_maxEventBytes));
    if (event.seq() <= head.seq)
        return Placement::KnownSeq;
    const quint64 next = head.seq + 1;
    if (event.seq() > next)
        return refuse(event, why, Refusal::GapInSeq,
                      QStringLiteral("gap in seq: expected %1, got %2").arg(next).arg(event.seq()));
    if (event.prev() != head.hash)
        return refuse(event, why, Refusal::WrongPrev,
                      QStringLiteral("wrong prev: expected %1…, got %2…")
                          .arg(Event::shortHex(head.hash), Event::shortHex(event.prev())));
    if (auto signature = checkSignature(event, why); !signature)
        return Error{signature.error()};
    return Placement::Next;
}

// Only a validly signed rival proves anything: anyone can make up an unsigned one.
Result<ForkProof> FeedRules::checkRival(const Event &known, const Event &rival, Refusal *why)
{
    if (why)
        *why = Refusal::None;
    if (auto signature = checkSignature(rival, why); !signature)
        return Error{signature.error()};
    auto proof = ForkProof::make(known, rival);
    if (!proof)
        return refuse(rival, why, Refusal::Malformed, proof.error());
    return proof;
}

Error FeedRules::refuseFork(const ForkProof &proof, const Event &known, Refusal *why) const
{
    const Event &rival = proof.first().hash() == known.hash() ? proof.second() : proof.first();
    return refuse(rival, why, Refusal::Fork,
                  QStringLiteral("fork: hash %1… differs from the accepted %2…")
                      .arg(Event::shortHex(rival.hash()), Event::shortHex(known.hash())));
}

Result<void> FeedRules::checkSignature(const Event &event, Refusal *why)
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

Error FeedRules::refuse(const Event &event, Refusal *why, Refusal reason,
                        const QString &detail) const
{
    if (why)
        *why = reason;
    return fail(QStringLiteral("feed %1: event seq %2 refused: %3")
                    .arg(Event::shortHex(m_author))
                    .arg(event.seq())
                    .arg(detail));
}

} // namespace streamsync
