#pragma once

#include "gossip/GossipMessages.h"
#include "log/Event.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

namespace streamsync {

// Decides which ranges to pull from which peer (DESIGN §4): pure bookkeeping, no I/O, so the
// rules can be tested alone. It keeps this node's heads and, per feed, the one peer it is
// currently pulling that feed from: a feed is pulled from one peer at a time (else every
// neighbour would send the same events), but from that peer in several pipelined batches, which
// is safe because a connection answers its range_pulls in order.
class PullPlanner
{
public:
    PullPlanner(int batchEvents, qint64 pullTimeoutMs);

    void setLocalHeads(Event::Deps heads);
    void noteStored(const QByteArray &author, quint64 seq, const QByteArray &hash);
    const Event::Deps &localHeads() const { return m_local; }

    // What to ask `peer` for, given the heads it advertised: the next ranges of feeds it is ahead
    // on that no other peer is sending, and a one-event probe for each feed where it holds
    // another event at our head's seq (a fork). A probed feed is added to `ignored`, so each
    // peer is probed once per feed; feeds in `ignored` are otherwise left alone. At most `slots`.
    QList<gossip::RangePull> plan(quint64 peer, const Event::Deps &advertised,
                                  QSet<QByteArray> &ignored, int slots, qint64 nowMs);

    // The reply to `pull` arrived and was stored whole; a feed still being pulled from the same
    // peer gets a fresh deadline, since the peer is making progress.
    void answered(quint64 peer, const gossip::RangePull &pull, qint64 nowMs);
    // The feed's pulls ended early (a refusal): any peer may be asked next time.
    void release(const QByteArray &author);
    void forgetPeer(quint64 peer);

    // Whether `advertised` lacks something we hold: then the peer should hear our heads.
    bool hasNewsFor(const Event::Deps &advertised) const;
    // The largest number of events a peer holds beyond ours on one feed.
    quint64 leadOf(const Event::Deps &advertised) const;

private:
    struct InFlight
    {
        quint64 peer = 0;
        quint64 requestedTo = 0; // the last seq asked for
        qint64 deadlineMs = 0;
    };

    quint64 localSeq(const QByteArray &author) const;
    // The first seq still to ask `peer` for, or 0 when another peer is sending the feed.
    quint64 nextSeqFor(quint64 peer, const QByteArray &author, qint64 nowMs) const;

    int m_batchEvents;
    qint64 m_pullTimeoutMs;
    Event::Deps m_local;
    QHash<QByteArray, InFlight> m_inFlight;
};

} // namespace streamsync
