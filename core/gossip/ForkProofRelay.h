#pragma once

#include "log/ForkProof.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QMap>

#include <optional>
#include <vector>

namespace streamsync {

class EventStore;

// Fork proofs on their way through the network (DESIGN §4: a fork is a provable offence). Knows
// every proof this node holds or has passed on, so each is forwarded once, and stores received
// proofs through the EventStore: it hands the two rival events to accept(), which records the
// proof as soon as this node holds the author's feed up to the forked seq. Until then a received
// proof waits here and is retried every gossip round (it is forwarded at once all the same, since
// anyone can verify it).
class ForkProofRelay
{
public:
    ForkProofRelay(EventStore &store, qsizetype maxEventBytes, int maxPending);

    // Learns the proofs already in the store.
    Result<void> load();

    // The store answered Fork for `rival`: the proof to tell peers about, if it is new here.
    std::optional<QCborMap> noteFork(const QByteArray &rival);
    // A proof from a peer: an error when it does not verify, the proof to forward when it is new.
    Result<std::optional<QCborMap>> receive(const QCborMap &proof);
    // Records waiting proofs whose feed has caught up.
    void retryPending();

    QList<QCborMap> known() const { return m_known.values(); }
    int pendingCount() const { return int(m_pending.size()); }

private:
    static QByteArray idOf(const ForkProof &proof);
    // True when the store now holds a proof of this fork (or of a third rival at that seq).
    bool record(const ForkProof &proof);
    bool remember(const ForkProof &proof);

    EventStore &m_store;
    qsizetype m_maxEventBytes;
    int m_maxPending;
    QMap<QByteArray, QCborMap> m_known; // first hash ‖ second hash → proof
    std::vector<ForkProof> m_pending;
};

} // namespace streamsync
