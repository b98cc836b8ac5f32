#include "gossip/GossipPeer.h"

#include "gossip/GossipLog.h"
#include "net/PeerConnection.h"

namespace streamsync {

GossipPeer::GossipPeer(PeerConnection *connection, quint64 serial, QObject *parent)
    : QObject(parent), m_connection(connection), m_serial(serial)
{}

QString GossipPeer::label() const
{
    return m_connection ? m_connection->peerId().shortText() : QStringLiteral("(closed peer)");
}

void GossipPeer::send(const QCborMap &message)
{
    if (!m_connection || !m_connection->isReady())
        return;
    if (m_outbox.isEmpty()) {
        const auto sent = m_connection->send(message);
        if (sent)
            return;
        if (!m_connection->isWriteBlocked()) {
            qCWarning(lcGossip).noquote() << "could not send to" << label() << "-" << sent.error();
            return;
        }
    }
    if (m_outbox.size() >= kMaxOutbox) {
        m_connection->close(
            QStringLiteral("the peer stopped reading (%1 messages waiting)").arg(m_outbox.size()));
        return;
    }
    m_outbox.enqueue(message);
}

bool GossipPeer::flush()
{
    while (m_connection && m_connection->isReady() && !m_outbox.isEmpty()) {
        const auto sent = m_connection->send(m_outbox.head());
        if (!sent && m_connection->isWriteBlocked())
            return false;
        if (!sent)
            qCWarning(lcGossip).noquote() << "could not send to" << label() << "-" << sent.error();
        m_outbox.dequeue();
    }
    return true;
}

bool GossipPeer::acceptsInput() const
{
    return m_connection && m_connection->isReady() && !isBusy();
}

bool GossipPeer::isBusy() const
{
    return !m_outbox.isEmpty() || (m_connection && m_connection->isWriteBlocked());
}

std::optional<gossip::RangePull> GossipPeer::takeExpected()
{
    if (m_expected.isEmpty())
        return std::nullopt;
    return m_expected.dequeue();
}

} // namespace streamsync
