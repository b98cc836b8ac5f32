#pragma once

#include "gossip/ForkProofRelay.h"
#include "gossip/GossipConfig.h"
#include "gossip/GossipMessages.h"
#include "gossip/GossipMetrics.h"
#include "gossip/PullPlanner.h"
#include "util/Result.h"

#include <QCborMap>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <optional>

namespace streamsync {

class Clock;
class Database;
class EventStore;
class GossipPeer;
class PeerConnection;
struct IntakeReport;

// Anti-entropy over the log (DESIGN §4). Every interval the node sends its heads (author →
// seq, hash) to up to `fanout` ready peers picked with a seeded generator. A peer that is ahead
// on a feed is asked for the missing range (range_pull → events, in bounded batches, pipelined
// per feed); a peer that lacks something hears our heads in reply, so both sides pull. Every
// received event goes through EventStore::accept: a forged or tampered one is logged with its
// reason and never stored, hence never passed on. A fork found here (or probed for when a peer's
// feed disagrees with ours) is sent to every peer as a fork_proof; received proofs are verified,
// stored and forwarded once (ForkProofRelay).
//
// Backpressure: a peer's messages are handled only while replies to it can be sent (see
// GossipPeer::acceptsInput); the rest waits in the transport, which stops reading. Pulls per
// peer are capped so what two peers can owe each other stays below the write high-water mark:
// neither side is then ever blocked writing, so two nodes pulling from each other cannot both
// stop reading and deadlock.
//
// Runs on the thread that owns the store's database. It reads the gossip messages (heads,
// range_pull, events, fork_proof, error) of the connections given to addPeer() through each
// connection's MessageRouter; other parts of the node route the other types.
class GossipEngine : public QObject
{
    Q_OBJECT

public:
    GossipEngine(EventStore &store, Database &db, const Clock &clock, const GossipConfig &config,
                 QObject *parent = nullptr);
    ~GossipEngine() override;

    // Loads this node's heads and known fork proofs, then starts the rounds.
    Result<void> start();
    // Stops the rounds and closes every peer's connection with `reason`.
    void stop(const QString &reason);

    // Takes part in gossip with a connection that is ready; it leaves when it closes.
    void addPeer(PeerConnection *connection);
    int peerCount() const { return int(m_peers.size()); }
    GossipMetrics metrics() const;

Q_SIGNALS:
    // New events from peers are in the store.
    void eventsStored(int count);

private:
    void tick();
    void reloadHeads();
    QList<GossipPeer *> pickPeers();
    void sendHeads(GossipPeer &peer, bool reply);
    void removePeer(GossipPeer *peer);
    void handle(GossipPeer &peer, const QCborMap &message);
    void violation(GossipPeer &peer, const QString &reason);
    void broadcast(const QCborMap &message, const GossipPeer *except);

    void onHeads(GossipPeer &peer, const QCborMap &message);
    void onRangePull(GossipPeer &peer, const QCborMap &message);
    void onEvents(GossipPeer &peer, const QCborMap &message);
    void onForkProof(GossipPeer &peer, const QCborMap &message);

    void fillPulls(GossipPeer &peer);
    void probe(GossipPeer &peer, const QByteArray &author);
    void refreshHead(const QByteArray &author);
    void noteIntake(GossipPeer &peer, const std::optional<gossip::RangePull> &pull,
                    const IntakeReport &report);
    void noteRefusal(GossipPeer &peer, const std::optional<gossip::RangePull> &pull,
                     const IntakeReport &report);
    void relayForks(const IntakeReport &report);

    EventStore &m_store;
    Database &m_db;
    const Clock &m_clock;
    GossipConfig m_config;
    PullPlanner m_planner;
    ForkProofRelay m_relay;
    QRandomGenerator m_random;
    QTimer m_timer;
    QList<GossipPeer *> m_peers;
    quint64 m_nextSerial = 1;
    GossipMetrics m_metrics;
};

} // namespace streamsync
