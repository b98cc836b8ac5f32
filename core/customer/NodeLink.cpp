#include "customer/NodeLink.h"

#include "customer/CustomerLog.h"
#include "net/MessageRouter.h"
#include "net/PeerConnection.h"
#include "net/StorageMessages.h"

#include <QTimer>

namespace streamsync {

namespace {

const QString kClosed = QStringLiteral("closed");

} // namespace

NodeLink::NodeLink(PeerAddress peer, const NodeCertificate &identity, const TransportConfig &config,
                   QObject *parent)
    : QObject(parent), m_peer(std::move(peer)), m_identity(identity), m_config(config)
{}

NodeLink::~NodeLink()
{
    if (m_connection)
        m_connection->disconnect(this);
}

QString NodeLink::label() const
{
    return m_peer.nodeId.shortText();
}

bool NodeLink::isReady() const
{
    return m_connection && m_connection->isReady();
}

void NodeLink::open()
{
    auto *connection =
        PeerConnection::dial(m_peer.host, m_peer.port, m_peer.nodeId, m_identity, m_config, this);
    m_connection = connection;
    connect(connection, &PeerConnection::ready, this, &NodeLink::onReady);
    connect(connection, &PeerConnection::drained, this, &NodeLink::flush);
    connect(connection, &PeerConnection::closed, this, &NodeLink::onClosed);
    MessageRouter::of(connection)
        ->route({MessageType::ManifestAck, MessageType::StoreAck, MessageType::QueryResponse,
                 MessageType::Chunk, MessageType::Published, MessageType::ReceiptAck,
                 MessageType::MarketReply, MessageType::Error},
                this, {}, [this](const QCborMap &message) { onReply(message); });
}

void NodeLink::close(const QString &reason)
{
    if (m_connection)
        m_connection->close(reason);
}

void NodeLink::onReady()
{
    qCDebug(lcCustomer).noquote() << "connected to" << label() << "at" << m_peer.endpointText();
    flush();
    Q_EMIT ready();
}

void NodeLink::onClosed(const QString &reason)
{
    m_closed = true;
    m_closeReason = reason;
    m_outbox.clear();
    const auto pending = std::exchange(m_pending, {});
    const QCborMap error = message::makeError(kClosed, reason);
    for (const Reply &reply : pending)
        reply(error);
    if (m_connection)
        m_connection->deleteLater();
    Q_EMIT closed(reason);
}

quint64 NodeLink::request(QCborMap message, Reply onReply)
{
    const quint64 id = m_nextRequest++;
    m_pending.insert(id, std::move(onReply));
    if (m_closed) {
        failLater(id, m_closeReason);
        return id;
    }
    message.insert(QLatin1String("request_id"), qint64(id));
    m_outbox.enqueue(message);
    if (m_outbox.size() == 1)
        flush();
    return id;
}

void NodeLink::failLater(quint64 requestId, const QString &reason)
{
    QTimer::singleShot(0, this, [this, requestId, reason] {
        if (const Reply reply = m_pending.take(requestId))
            reply(message::makeError(kClosed, reason));
    });
}

void NodeLink::forget(quint64 requestId)
{
    m_pending.remove(requestId);
}

void NodeLink::notify(const QCborMap &message)
{
    if (m_closed)
        return;
    m_outbox.enqueue(message);
    if (m_outbox.size() == 1)
        flush();
}

void NodeLink::flush()
{
    while (isReady() && !m_outbox.isEmpty()) {
        const auto sent = m_connection->send(m_outbox.head());
        if (!sent && m_connection->isWriteBlocked())
            return;
        const QCborMap message = m_outbox.dequeue();
        if (!sent) {
            qCWarning(lcCustomer).noquote() << "cannot send to" << label() << "-" << sent.error();
            failLater(wire::requestIdOf(message), sent.error());
        }
    }
}

void NodeLink::onReply(const QCborMap &message)
{
    const quint64 id = wire::requestIdOf(message);
    const Reply reply = m_pending.take(id);
    if (reply)
        return reply(message);
    // A race's losers still answer; a transport error carries no request id.
    if (id == 0 && message::typeOf(message) == MessageType::Error)
        qCWarning(lcCustomer).noquote()
            << label() << "reports an error:" << message.value(QLatin1String("reason")).toString();
}

} // namespace streamsync
