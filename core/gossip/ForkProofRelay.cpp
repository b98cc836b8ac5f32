#include "gossip/ForkProofRelay.h"

#include "gossip/GossipLog.h"
#include "log/EventStore.h"

#include <limits>

namespace streamsync {

ForkProofRelay::ForkProofRelay(EventStore &store, qsizetype maxEventBytes, int maxPending)
    : m_store(store), m_maxEventBytes(maxEventBytes), m_maxPending(maxPending)
{}

QByteArray ForkProofRelay::idOf(const ForkProof &proof)
{
    return proof.first().hash() + proof.second().hash();
}

bool ForkProofRelay::remember(const ForkProof &proof)
{
    const QByteArray id = idOf(proof);
    if (m_known.contains(id))
        return false;
    m_known.insert(id, proof.toCbor());
    return true;
}

Result<void> ForkProofRelay::load()
{
    const auto proofs = m_store.forkProofs();
    if (!proofs)
        return Error{proofs.error()};
    for (const ForkProof &proof : proofs.value())
        remember(proof);
    return {};
}

std::optional<QCborMap> ForkProofRelay::noteFork(const QByteArray &rival)
{
    const auto event = Event::decode(rival, m_maxEventBytes);
    if (!event)
        return std::nullopt;
    const auto stored = m_store.range(event->author(), event->seq(), event->seq(), 1);
    if (!stored || stored->isEmpty())
        return std::nullopt;
    const auto known = Event::decode(stored->first(), std::numeric_limits<qsizetype>::max());
    const auto proof = known ? ForkProof::make(*known, *event) : Result<ForkProof>(Error{});
    if (!proof || !remember(*proof))
        return std::nullopt;
    qCWarning(lcGossip).noquote() << QStringLiteral("fork: %1 was signed twice (hashes %2 and %3)")
                                         .arg(event->shortName(),
                                              Event::shortHex(proof->first().hash()),
                                              Event::shortHex(proof->second().hash()));
    return proof->toCbor();
}

Result<std::optional<QCborMap>> ForkProofRelay::receive(const QCborMap &map)
{
    auto proof = ForkProof::fromCbor(map, m_maxEventBytes);
    if (!proof)
        return Error{proof.error()};
    if (auto valid = proof->verify(); !valid)
        return Error{valid.error()};
    if (!remember(*proof))
        return std::optional<QCborMap>();
    if (!record(*proof)) {
        if (int(m_pending.size()) >= m_maxPending)
            m_pending.erase(m_pending.begin());
        m_pending.push_back(*proof);
    }
    return std::optional<QCborMap>(proof->toCbor());
}

bool ForkProofRelay::record(const ForkProof &proof)
{
    for (const Event *event : {&proof.first(), &proof.second()}) {
        const auto outcome = m_store.accept(event->encoded());
        if (outcome && *outcome == EventStore::AcceptOutcome::Fork)
            return true;
    }
    return false;
}

void ForkProofRelay::retryPending()
{
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (record(*it))
            it = m_pending.erase(it);
        else
            ++it;
    }
}

} // namespace streamsync
