#pragma once

#include "log/Event.h"
#include "util/Result.h"

#include <QCborMap>

namespace streamsync {

// Proof that an author equivocated: two events it signed with the same seq and different hashes.
// Anyone can check it with verify() alone, so it can travel in a `slash` event's body.
class ForkProof
{
public:
    // Refuses anything verify() would refuse. The two events are kept in hash order, so every node
    // that finds the same fork builds byte-identical proofs.
    static Result<ForkProof> make(const Event &a, const Event &b);
    // Reads a proof written by toCbor(). Only the shape is checked here; call verify() to judge it.
    static Result<ForkProof> fromCbor(const QCborMap &map, qsizetype maxEventBytes);

    Result<void> verify() const;
    // {"a": encoded event, "b": encoded event}.
    QCborMap toCbor() const;

    const Event &first() const { return m_a; }
    const Event &second() const { return m_b; }

private:
    ForkProof(Event a, Event b) : m_a(std::move(a)), m_b(std::move(b)) {}

    Event m_a;
    Event m_b;
};

} // namespace streamsync
