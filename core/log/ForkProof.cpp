#include "log/ForkProof.h"

#include "crypto/Ed25519.h"

#include <QLatin1StringView>

namespace streamsync {

namespace {

const QLatin1StringView kA("a");
const QLatin1StringView kB("b");

Result<Event> eventField(const QCborMap &map, QLatin1StringView name, qsizetype maxEventBytes)
{
    const QCborValue value = map.value(name);
    if (!value.isByteArray())
        return fail(QStringLiteral("fork proof field '%1' must be an encoded event").arg(name));
    auto event = Event::decode(value.toByteArray(), maxEventBytes);
    if (!event)
        return fail(QStringLiteral("fork proof field '%1': %2").arg(name, event.error()));
    return event;
}

} // namespace

Result<ForkProof> ForkProof::make(const Event &a, const Event &b)
{
    ForkProof proof = a.hash() < b.hash() ? ForkProof(a, b) : ForkProof(b, a);
    if (auto valid = proof.verify(); !valid)
        return Error{valid.error()};
    return proof;
}

Result<ForkProof> ForkProof::fromCbor(const QCborMap &map, qsizetype maxEventBytes)
{
    if (map.size() != 2)
        return fail(QStringLiteral("fork proof must have exactly the fields 'a' and 'b'"));
    auto a = eventField(map, kA, maxEventBytes);
    if (!a)
        return Error{a.error()};
    auto b = eventField(map, kB, maxEventBytes);
    if (!b)
        return Error{b.error()};
    return ForkProof(std::move(a).value(), std::move(b).value());
}

Result<void> ForkProof::verify() const
{
    const QString name = m_a.shortName();
    if (m_a.author() != m_b.author())
        return fail(
            QStringLiteral("no fork: %1 and %2 have different authors").arg(name, m_b.shortName()));
    if (m_a.seq() != m_b.seq())
        return fail(
            QStringLiteral("no fork: %1 and %2 have different seqs").arg(name, m_b.shortName()));
    if (m_a.hash() == m_b.hash())
        return fail(QStringLiteral("no fork: both events of %1 are the same").arg(name));
    const auto key = Ed25519PublicKey::fromRaw(m_a.author());
    if (!key)
        return fail(QStringLiteral("no fork: %1 has an invalid author key").arg(name));
    if (!m_a.signatureValid(*key) || !m_b.signatureValid(*key))
        return fail(QStringLiteral("no fork: an event of %1 has a bad signature").arg(name));
    return {};
}

QCborMap ForkProof::toCbor() const
{
    return QCborMap{{kA, m_a.encoded()}, {kB, m_b.encoded()}};
}

} // namespace streamsync
