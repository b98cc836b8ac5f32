#pragma once

#include "net/Messages.h"

#include <QCborMap>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace streamsync {

class PeerConnection;

// The one reader of a connection's messages, handing each to the part of the node its type
// belongs to (gossip, storage, the customer's requests), so several parts share one link to a
// peer. Each route says whether it can take a message now; when the next message's route
// cannot, reading stops there (in order, like the transport) until that route calls resume(),
// and the transport's bounded inbox then lets TCP slow the peer down. Messages of a type no one
// routes are dropped with a debug line: a peer may speak parts of the protocol we do not.
//
// One router per connection, created on first use as the connection's child, so it lives and
// dies with it. A route ends when its owner is destroyed; a later route for a type replaces an
// earlier one.
class MessageRouter : public QObject
{
    Q_OBJECT

public:
    using Accepts = std::function<bool()>;
    using Handler = std::function<void(const QCborMap &message)>;

    static MessageRouter *of(PeerConnection *connection);

    // `accepts` may be empty (always accepts).
    void route(const QList<MessageType> &types, QObject *owner, Accepts accepts, Handler handle);
    // Reads on (on the next pass of the event loop): a route that was not accepting now is.
    void resume();
    // Hands an already taken message to its current route (for a handler that replaced its
    // own route and passes the message on to the new one).
    void deliver(const QCborMap &message);

private:
    struct Route
    {
        QPointer<QObject> owner;
        Accepts accepts;
        Handler handle;
    };

    explicit MessageRouter(PeerConnection *connection);
    void pump();
    const Route *routeFor(const QCborMap &message) const;

    PeerConnection *m_connection;
    QHash<int, Route> m_routes;
    bool m_pumping = false;
    bool m_resumeQueued = false;
};

} // namespace streamsync
