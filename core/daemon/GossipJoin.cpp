#include "daemon/GossipJoin.h"

#include "daemon/DaemonLog.h"
#include "gossip/GossipEngine.h"
#include "net/MessageRouter.h"
#include "net/PeerConnection.h"

#include <QPointer>

namespace streamsync {

void joinGossipOnFirstMessage(PeerConnection *connection, GossipEngine &gossip)
{
    MessageRouter *router = MessageRouter::of(connection);
    QPointer<GossipEngine> engine(&gossip);
    router->route(
        {MessageType::Heads, MessageType::RangePull, MessageType::Events, MessageType::ForkProof},
        connection, {}, [connection, router, engine](const QCborMap &message) {
            if (!engine)
                return;
            // addPeer() routes the gossip types to the engine, replacing this route.
            engine->addPeer(connection);
            router->deliver(message);
        });
    router->route({MessageType::Error}, connection, {}, [connection](const QCborMap &message) {
        qCWarning(lcDaemon).noquote()
            << connection->peerId().shortText()
            << "reports an error:" << message.value(QLatin1String("reason")).toString();
    });
}

} // namespace streamsync
