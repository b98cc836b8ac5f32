#include "customer/PeerSet.h"

#include "customer/NodeLink.h"

namespace streamsync {

PeerSet::PeerSet(const QList<PeerAddress> &peers, const NodeCertificate &identity,
                 const TransportConfig &config, QObject *parent)
    : QObject(parent)
{
    for (const PeerAddress &peer : peers)
        m_links.append(new NodeLink(peer, identity, config, this));
    m_patience.setSingleShot(true);
    connect(&m_patience, &QTimer::timeout, this, [this] {
        m_settled = true;
        Q_EMIT settled();
    });
}

void PeerSet::open(std::chrono::milliseconds patience)
{
    for (NodeLink *link : m_links) {
        connect(link, &NodeLink::ready, this, &PeerSet::check);
        connect(link, &NodeLink::closed, this, &PeerSet::check);
        link->open();
    }
    m_patience.start(patience);
}

void PeerSet::check()
{
    if (m_settled)
        return;
    for (const NodeLink *link : m_links) {
        if (!link->isReady() && !link->isClosed())
            return;
    }
    m_settled = true;
    m_patience.stop();
    Q_EMIT settled();
}

QList<NodeLink *> PeerSet::readyLinks() const
{
    QList<NodeLink *> ready;
    for (NodeLink *link : m_links) {
        if (link->isReady())
            ready.append(link);
    }
    return ready;
}

QList<NodeLink *> PeerSet::usableLinks() const
{
    QList<NodeLink *> usable;
    for (NodeLink *link : m_links) {
        if (!link->isClosed())
            usable.append(link);
    }
    return usable;
}

QStringList PeerSet::closedReasons() const
{
    QStringList reasons;
    for (const NodeLink *link : m_links) {
        if (link->isClosed())
            reasons.append(QStringLiteral("%1 (%2)").arg(link->label(), link->closeReason()));
    }
    return reasons;
}

} // namespace streamsync
