#include "log/Feed.h"

namespace streamsync {

Feed::Feed(QByteArray author, qsizetype maxEventBytes) : m_rules(std::move(author), maxEventBytes)
{}

Feed::Head Feed::head() const
{
    if (m_events.isEmpty())
        return Head::empty();
    return Head{m_events.last().seq(), m_events.last().hash()};
}

Result<Event> Feed::append(const Ed25519SigningKey &key, EventKind kind, const QCborMap &body,
                           const Event::Deps &deps, quint64 timeMs)
{
    if (key.publicKey() != author())
        return fail(QStringLiteral("feed %1: cannot append with the key of %2")
                        .arg(Event::shortHex(author()), Event::shortHex(key.publicKey())));
    const Head last = head();
    auto event = Event::sign(key, last.seq + 1, last.hash, deps, timeMs, kind, body);
    if (!event)
        return fail(QStringLiteral("feed %1: cannot sign event seq %2: %3")
                        .arg(Event::shortHex(author()))
                        .arg(last.seq + 1)
                        .arg(event.error()));
    // Checked as any receiver would check it, so a bad event never leaves this node.
    if (auto accepted = accept(*event); !accepted)
        return Error{accepted.error()};
    return event;
}

Result<void> Feed::accept(const Event &event, Refusal *why)
{
    const auto placement = m_rules.check(event, head(), why);
    if (!placement)
        return Error{placement.error()};
    if (*placement == FeedRules::Placement::KnownSeq)
        return acceptKnownSeq(event, why);
    m_events.append(event);
    return {};
}

Result<void> Feed::acceptEncoded(const QByteArray &bytes, Refusal *why)
{
    auto event = Event::decode(bytes, m_rules.maxEventBytes(), why);
    if (!event)
        return fail(QStringLiteral("feed %1: event refused: %2")
                        .arg(Event::shortHex(author()), event.error()));
    return accept(*event, why);
}

// Re-delivery is normal in gossip; the same seq with another content is equivocation.
Result<void> Feed::acceptKnownSeq(const Event &event, Refusal *why)
{
    const Event &known = m_events.at(qsizetype(event.seq() - 1));
    if (known.hash() == event.hash())
        return {};
    auto proof = m_rules.checkRival(known, event, why);
    if (!proof)
        return Error{proof.error()};
    const Error refused = m_rules.refuseFork(*proof, known, why);
    if (!m_fork)
        m_fork = std::move(proof).value();
    return refused;
}

} // namespace streamsync
