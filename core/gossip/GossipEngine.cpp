#include "gossip/GossipEngine.h"

#include "gossip/EventIntake.h"
#include "gossip/GossipLog.h"
#include "gossip/GossipPeer.h"
#include "log/EventStore.h"
#include "net/MessageRouter.h"
#include "net/PeerConnection.h"
#include "util/Clock.h"

namespace streamsync {

GossipEngine::GossipEngine(EventStore &store, Database &db, const Clock &clock,
                           const GossipConfig &config, QObject *parent)
    : QObject(parent), m_store(store), m_db(db), m_clock(clock), m_config(config),
      m_planner(config.maxBatchEvents, qint64(config.pullTimeout.count())),
      m_relay(store, config.maxEventBytes, config.maxPendingProofs), m_random(config.seed)
{
    m_timer.setInterval(m_config.interval);
    connect(&m_timer, &QTimer::timeout, this, &GossipEngine::tick);
}

GossipEngine::~GossipEngine() = default;

Result<void> GossipEngine::start()
{
    const auto heads = m_store.heads();
    if (!heads)
        return Error{heads.error()};
    m_planner.setLocalHeads(heads.value());
    if (auto loaded = m_relay.load(); !loaded)
        return loaded;
    m_timer.start();
    return {};
}

void GossipEngine::stop(const QString &reason)
{
    m_timer.stop();
    // Closing emits closed(), which removes the peer from m_peers: iterate over a copy.
    for (GossipPeer *peer : QList<GossipPeer *>(m_peers)) {
        if (PeerConnection *connection = peer->connection())
            connection->close(reason);
    }
}

GossipMetrics GossipEngine::metrics() const
{
    GossipMetrics metrics = m_metrics;
    metrics.peers = int(m_peers.size());
    for (const GossipPeer *peer : m_peers)
        metrics.maxHeadLead = qMax(metrics.maxHeadLead, m_planner.leadOf(peer->advertised));
    return metrics;
}

void GossipEngine::addPeer(PeerConnection *connection)
{
    if (!connection || !connection->isReady())
        return;
    auto *peer = new GossipPeer(connection, m_nextSerial++, this);
    m_peers.append(peer);
    // The peer owns its route and is the context of these connections: once it is gone, its
    // connection no longer calls in.
    MessageRouter *router = MessageRouter::of(connection);
    router->route(
        {MessageType::Heads, MessageType::RangePull, MessageType::Events, MessageType::ForkProof,
         MessageType::Error},
        peer, [peer] { return peer->acceptsInput(); },
        [this, peer](const QCborMap &message) { handle(*peer, message); });
    connect(connection, &PeerConnection::drained, peer, [peer, router] {
        if (peer->flush())
            router->resume();
    });
    connect(connection, &PeerConnection::closed, peer, [this, peer] { removePeer(peer); });
    qCInfo(lcGossip).noquote() << "gossiping with" << peer->label();
    // A peer that joins late still learns of every fork, and starts pulling at once.
    for (const QCborMap &proof : m_relay.known())
        peer->send(gossip::makeForkProof(proof));
    sendHeads(*peer, false);
    router->resume();
}

void GossipEngine::removePeer(GossipPeer *peer)
{
    m_planner.forgetPeer(peer->serial());
    m_peers.removeOne(peer);
    peer->deleteLater();
}

void GossipEngine::tick()
{
    reloadHeads();
    m_relay.retryPending();
    for (GossipPeer *peer : pickPeers())
        sendHeads(*peer, false);
}

// The node's own appends (lifecycle changes, offers) bypass the engine; the store is the truth.
void GossipEngine::reloadHeads()
{
    const auto heads = m_store.heads();
    if (heads)
        m_planner.setLocalHeads(heads.value());
    else
        qCWarning(lcGossip).noquote() << "cannot read the log's heads:" << heads.error();
}

QList<GossipPeer *> GossipEngine::pickPeers()
{
    QList<GossipPeer *> candidates;
    for (GossipPeer *peer : m_peers) {
        if (peer->acceptsInput())
            candidates.append(peer);
    }
    // A partial Fisher-Yates shuffle: the first `fanout` places get a uniform random choice.
    const int picks = qMin(m_config.fanout, int(candidates.size()));
    for (int i = 0; i < picks; ++i)
        candidates.swapItemsAt(i, i + int(m_random.bounded(quint32(candidates.size() - i))));
    return candidates.mid(0, picks);
}

void GossipEngine::sendHeads(GossipPeer &peer, bool reply)
{
    peer.send(gossip::makeHeads(m_planner.localHeads(), reply));
}

void GossipEngine::handle(GossipPeer &peer, const QCborMap &message)
{
    switch (message::typeOf(message).value_or(MessageType::Hello)) {
    case MessageType::Heads:
        return onHeads(peer, message);
    case MessageType::RangePull:
        return onRangePull(peer, message);
    case MessageType::Events:
        return onEvents(peer, message);
    case MessageType::ForkProof:
        return onForkProof(peer, message);
    case MessageType::Error:
        qCWarning(lcGossip).noquote()
            << peer.label() << "reports an error:" << message::parseError(message)->reason;
        return;
    default:
        // The router hands gossip only the types it routed here.
        return;
    }
}

void GossipEngine::violation(GossipPeer &peer, const QString &reason)
{
    if (PeerConnection *connection = peer.connection())
        connection->close(QStringLiteral("gossip protocol violation: ") + reason);
}

void GossipEngine::broadcast(const QCborMap &message, const GossipPeer *except)
{
    for (GossipPeer *peer : m_peers) {
        if (peer != except)
            peer->send(message);
    }
}

void GossipEngine::onHeads(GossipPeer &peer, const QCborMap &message)
{
    auto heads = gossip::parseHeads(message);
    if (!heads)
        return violation(peer, heads.error());
    peer.advertised = std::move(heads->heads);
    if (!heads->reply && m_planner.hasNewsFor(peer.advertised))
        sendHeads(peer, true);
    fillPulls(peer);
}

void GossipEngine::fillPulls(GossipPeer &peer)
{
    const int slots = m_config.maxOutstandingPulls - peer.outstandingPulls();
    if (slots <= 0)
        return;
    const auto pulls =
        m_planner.plan(peer.serial(), peer.advertised, peer.ignored, slots, m_clock.nowMs());
    for (const gossip::RangePull &pull : pulls) {
        if (pull.probe)
            qCInfo(lcGossip).noquote()
                << QStringLiteral("%1 holds another event at %2#%3 - probing for a fork")
                       .arg(peer.label(), Event::shortHex(pull.author))
                       .arg(pull.fromSeq);
        peer.expectReply(pull);
        peer.send(gossip::makeRangePull(pull));
        ++m_metrics.pullsSent;
    }
}

void GossipEngine::probe(GossipPeer &peer, const QByteArray &author)
{
    const quint64 seq = m_planner.localHeads().value(author).seq;
    if (seq == 0)
        return;
    const gossip::RangePull pull{author, seq, seq, true};
    peer.expectReply(pull);
    peer.send(gossip::makeRangePull(pull));
    ++m_metrics.pullsSent;
}

void GossipEngine::onRangePull(GossipPeer &peer, const QCborMap &message)
{
    const auto pull = gossip::parseRangePull(message);
    if (!pull)
        return violation(peer, pull.error());
    const quint64 span = pull->toSeq - pull->fromSeq + 1;
    const qsizetype limit = qsizetype(qMin<quint64>(span, quint64(m_config.maxBatchEvents)));
    auto events = m_store.range(pull->author, pull->fromSeq, pull->toSeq, limit);
    if (!events) {
        qCWarning(lcGossip).noquote()
            << "cannot read the log for" << peer.label() << "-" << events.error();
        events = QList<QByteArray>();
    }
    // Every range_pull gets exactly one reply, possibly short or empty: the peer matches replies
    // to its requests by order.
    QList<QByteArray> batch;
    qint64 bytes = 0;
    for (const QByteArray &event : events.value()) {
        if (!batch.isEmpty() && bytes + event.size() > m_config.maxBatchBytes)
            break;
        bytes += event.size();
        batch.append(event);
    }
    peer.send(gossip::makeEvents(batch));
}

void GossipEngine::onEvents(GossipPeer &peer, const QCborMap &message)
{
    const auto events = gossip::parseEvents(message);
    if (!events)
        return violation(peer, events.error());
    const auto pull = peer.takeExpected();
    const IntakeReport report = acceptBatch(m_store, m_db, events.value());
    noteIntake(peer, pull, report);
    fillPulls(peer);
}

void GossipEngine::refreshHead(const QByteArray &author)
{
    const auto head = m_store.head(author);
    if (head && head->seq > 0)
        m_planner.noteStored(author, head->seq, head->hash);
}

void GossipEngine::noteIntake(GossipPeer &peer, const std::optional<gossip::RangePull> &pull,
                              const IntakeReport &report)
{
    if (!report.failure.isEmpty()) {
        qCWarning(lcGossip).noquote()
            << "could not store events from" << peer.label() << "-" << report.failure;
        if (pull)
            m_planner.release(pull->author);
        return reloadHeads();
    }
    m_metrics.eventsStored += quint64(report.stored);
    m_metrics.duplicates += quint64(report.duplicates);
    if (report.stored > 0) {
        m_metrics.lastNewEventMs = m_clock.nowMs();
        Q_EMIT eventsStored(report.stored);
    }
    if (pull)
        refreshHead(pull->author);
    relayForks(report);
    if (report.refusal != Refusal::None)
        return noteRefusal(peer, pull, report);
    if (pull && !pull->probe)
        m_planner.answered(peer.serial(), *pull, m_clock.nowMs());
}

void GossipEngine::noteRefusal(GossipPeer &peer, const std::optional<gossip::RangePull> &pull,
                               const IntakeReport &report)
{
    if (pull && !pull->probe)
        m_planner.release(pull->author);
    // A gap only means an earlier batch went missing (a timed-out pull); the feed is pulled
    // again from where it stands.
    if (report.refusal == Refusal::GapInSeq) {
        qCDebug(lcGossip).noquote()
            << "out of order from" << peer.label() << "-" << report.refusalText;
        return;
    }
    ++m_metrics.eventsRefused;
    qCWarning(lcGossip).noquote() << "refused an event from" << peer.label() << "-"
                                  << report.refusalText;
    if (!pull || peer.ignored.contains(pull->author))
        return;
    peer.ignored.insert(pull->author);
    // The peer's feed does not continue ours: it holds another event at our head's seq (a fork)
    // or it is broken. The event at that seq settles which.
    if (report.refusal == Refusal::WrongPrev)
        probe(peer, pull->author);
}

void GossipEngine::relayForks(const IntakeReport &report)
{
    for (const QByteArray &rival : report.forks) {
        if (const auto proof = m_relay.noteFork(rival)) {
            ++m_metrics.forksDetected;
            broadcast(gossip::makeForkProof(*proof), nullptr);
        }
    }
}

void GossipEngine::onForkProof(GossipPeer &peer, const QCborMap &message)
{
    const auto proof = gossip::parseForkProof(message);
    if (!proof)
        return violation(peer, proof.error());
    const auto outcome = m_relay.receive(proof.value());
    if (!outcome) {
        ++m_metrics.eventsRefused;
        qCWarning(lcGossip).noquote()
            << "refused a fork proof from" << peer.label() << "-" << outcome.error();
        return;
    }
    if (!outcome->has_value())
        return;
    ++m_metrics.proofsReceived;
    qCWarning(lcGossip).noquote() << "received a fork proof from" << peer.label()
                                  << "- passing it on";
    broadcast(gossip::makeForkProof(**outcome), &peer);
}

} // namespace streamsync
