#pragma once

#include "gossip/GossipMessages.h"
#include "log/Event.h"

#include <QCborMap>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>

#include <optional>

namespace streamsync {

class PeerConnection;

// What the gossip engine knows about one ready connection: its latest heads, the pulls it still
// owes replies to (in order: a connection answers its range_pulls in the order they were sent),
// the feeds not to pull from it, and an outbox for the transport's backpressure. The connection
// belongs to whoever accepted or dialled it; this only watches it.
class GossipPeer : public QObject
{
    Q_OBJECT

public:
    // Messages waiting for a blocked connection beyond this many mean the peer stopped reading.
    static constexpr int kMaxOutbox = 256;

    GossipPeer(PeerConnection *connection, quint64 serial, QObject *parent = nullptr);

    PeerConnection *connection() const { return m_connection; }
    quint64 serial() const { return m_serial; }
    QString label() const;

    // Sends now, or keeps the message until drained() while the connection pushes back.
    void send(const QCborMap &message);
    // Sends what waited for drained(); false while the connection still pushes back.
    bool flush();
    // Whether this peer's messages may be handled now. Nearly every message asks for a reply to
    // the same peer; while those cannot be sent, leaving its messages unread lets TCP slow the
    // peer down instead of growing the outbox.
    bool acceptsInput() const;
    // Whether optional traffic (a periodic heads) should wait for a later round.
    bool isBusy() const;

    void expectReply(const gossip::RangePull &pull) { m_expected.enqueue(pull); }
    std::optional<gossip::RangePull> takeExpected();
    int outstandingPulls() const { return int(m_expected.size()); }

    // The heads in this peer's latest heads message.
    Event::Deps advertised;
    // Feeds not to pull from this peer again on this connection: it sent a refused event of them,
    // or its feed diverged from ours (a fork already probed).
    QSet<QByteArray> ignored;
    // Its largest lead over us on one feed, at its latest heads.
    quint64 lead = 0;

private:
    QPointer<PeerConnection> m_connection;
    quint64 m_serial;
    QQueue<QCborMap> m_outbox;
    QQueue<gossip::RangePull> m_expected;
};

} // namespace streamsync
