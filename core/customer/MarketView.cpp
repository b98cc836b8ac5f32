#include "customer/MarketView.h"

#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"
#include "customer/PeerSet.h"

namespace streamsync {

namespace {

// Holders are asked again every this many refreshes.
constexpr int kHolderEvery = 10;

} // namespace

MarketView::MarketView(PeerSet &peers, QObject *parent) : QObject(parent), m_peers(peers)
{
    connect(&m_timer, &QTimer::timeout, this, &MarketView::refresh);
}

void MarketView::start(const QList<QByteArray> &objects, std::chrono::milliseconds interval)
{
    m_objects = objects;
    m_timer.start(interval);
    refresh();
}

void MarketView::refresh()
{
    askMarket();
    if (m_refreshes++ % kHolderEvery == 0)
        askHolders();
}

const wire::MarketCandidate *MarketView::candidate(const NodeId &node) const
{
    const auto it = m_byNode.constFind(node.bytes());
    return it == m_byNode.constEnd() ? nullptr : &*it;
}

void MarketView::assumeHolders(const QByteArray &objectId, const QList<NodeLink *> &links)
{
    for (NodeLink *link : links)
        m_holders[objectId].insert(link);
}

QList<NodeLink *> MarketView::holders(const QByteArray &objectId) const
{
    const QSet<NodeLink *> set = m_holders.value(objectId);
    QList<NodeLink *> ordered;
    // In the set's order, so a seeded selection sees the same list every time.
    for (NodeLink *link : m_peers.links()) {
        if (set.contains(link))
            ordered.append(link);
    }
    return ordered;
}

void MarketView::askMarket()
{
    const QList<NodeLink *> ready = m_peers.readyLinks();
    if (m_asking || ready.isEmpty())
        return;
    m_asking = true;
    NodeLink *link = ready.at(m_nextLink++ % ready.size());
    link->request(wire::makeMarket({}, 0), [this](const QCborMap &reply) { onMarket(reply); });
}

void MarketView::onMarket(const QCborMap &reply)
{
    m_asking = false;
    auto parsed = wire::parseMarketReply(reply);
    if (!parsed) {
        const QString reason = message::typeOf(reply) == MessageType::Error
                                   ? reply.value(QLatin1String("reason")).toString()
                                   : parsed.error();
        qCInfo(lcCustomer).noquote() << "market:" << reason;
        if (!m_reply)
            Q_EMIT problem(reason);
        return;
    }
    m_reply = std::move(parsed).value();
    m_byNode.clear();
    for (const wire::MarketCandidate &c : m_reply->candidates)
        m_byNode.insert(NodeId::fromPublicKey(c.node).bytes(), c);
    Q_EMIT updated();
}

void MarketView::askHolders()
{
    for (NodeLink *link : m_peers.usableLinks()) {
        for (const QByteArray &objectId : m_objects) {
            link->request(
                wire::makeMarket(objectId, 0),
                [this, link, objectId](const QCborMap &reply) { onHolds(link, objectId, reply); });
        }
    }
}

void MarketView::onHolds(NodeLink *link, const QByteArray &objectId, const QCborMap &reply)
{
    const auto parsed = wire::parseMarketReply(reply);
    // A node that cannot say (closed, or no ledger) keeps its last answer.
    if (!parsed || !parsed->holds)
        return;
    if (*parsed->holds)
        m_holders[objectId].insert(link);
    else
        m_holders[objectId].remove(link);
}

} // namespace streamsync
