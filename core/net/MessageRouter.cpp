#include "net/MessageRouter.h"

#include "net/NetLog.h"
#include "net/PeerConnection.h"

namespace streamsync {

MessageRouter::MessageRouter(PeerConnection *connection)
    : QObject(connection), m_connection(connection)
{
    connect(connection, &PeerConnection::messagesAvailable, this, &MessageRouter::pump);
}

MessageRouter *MessageRouter::of(PeerConnection *connection)
{
    if (auto *existing =
            connection->findChild<MessageRouter *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new MessageRouter(connection);
}

void MessageRouter::route(const QList<MessageType> &types, QObject *owner, Accepts accepts,
                          Handler handle)
{
    for (MessageType type : types)
        m_routes.insert(int(type), Route{owner, accepts, handle});
}

void MessageRouter::resume()
{
    // Queued, never nested: resume() is called from inside handlers and from drained().
    if (m_resumeQueued)
        return;
    m_resumeQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_resumeQueued = false;
            pump();
        },
        Qt::QueuedConnection);
}

const MessageRouter::Route *MessageRouter::routeFor(const QCborMap &message) const
{
    const auto type = message::typeOf(message);
    if (!type)
        return nullptr;
    const auto it = m_routes.constFind(int(*type));
    return it != m_routes.constEnd() && it->owner ? &*it : nullptr;
}

void MessageRouter::deliver(const QCborMap &message)
{
    if (const Route *route = routeFor(message)) {
        const Handler handle = route->handle;
        handle(message);
    }
}

void MessageRouter::pump()
{
    if (m_pumping)
        return;
    m_pumping = true;
    // A handler may close the connection; its deletion is always deferred, so `this` stays.
    while (m_connection->isReady()) {
        const QCborMap *next = m_connection->peekMessage();
        if (!next)
            break;
        const Route *route = routeFor(*next);
        if (route && route->accepts && !route->accepts())
            break;
        const QCborMap message = *m_connection->takeMessage();
        if (!route) {
            qCDebug(lcNet).noquote()
                << "no one here handles" << message.value(QLatin1String("type"))
                << "messages; dropped one from" << m_connection->peerId().shortText();
            continue;
        }
        // A copy: the handler may replace this very route.
        const Handler handle = route->handle;
        handle(message);
    }
    m_pumping = false;
}

} // namespace streamsync
