#include "daemon/MarketSession.h"

#include "daemon/DaemonLog.h"
#include "daemon/MarketDesk.h"
#include "daemon/StorageService.h"
#include "log/Event.h"
#include "log/EventStore.h"
#include "net/MessageRouter.h"
#include "net/PeerConnection.h"
#include "net/StorageMessages.h"

namespace streamsync {

namespace {

QCborMap noLedger(quint64 requestId)
{
    return wire::makeRefusal(wire::kErrorNoLedger,
                             QStringLiteral("this node runs without a network (--network), so it "
                                            "keeps no ledger"),
                             requestId);
}

} // namespace

MarketSession::MarketSession(PeerConnection *connection, EventStore &store, qsizetype maxEventBytes,
                             MarketDesk *desk, StorageService *storage, QObject *parent)
    : QObject(parent), m_connection(connection), m_store(store), m_maxEventBytes(maxEventBytes),
      m_desk(desk), m_storage(storage), m_router(MessageRouter::of(connection))
{
    m_router->route(
        {MessageType::PublishEvent, MessageType::Receipt, MessageType::Market}, this,
        [this] {
            return m_connection && m_connection->isReady() && !m_connection->isWriteBlocked();
        },
        [this](const QCborMap &message) { handle(message); });
    connect(connection, &PeerConnection::drained, m_router, &MessageRouter::resume);
    connect(connection, &PeerConnection::closed, this, &QObject::deleteLater);
    m_router->resume();
}

void MarketSession::handle(const QCborMap &message)
{
    switch (message::typeOf(message).value_or(MessageType::Error)) {
    case MessageType::PublishEvent:
        return reply(publish(message));
    case MessageType::Receipt:
        return reply(receipt(message));
    default:
        return reply(market(message));
    }
}

QCborMap MarketSession::publish(const QCborMap &message)
{
    const quint64 id = wire::requestIdOf(message);
    const auto encoded = wire::parsePublishEvent(message, m_maxEventBytes);
    if (!encoded)
        return wire::makeRefusal(wire::kErrorBadRequest, encoded.error(), id);
    const auto event = Event::decode(*encoded, m_maxEventBytes);
    Refusal why = Refusal::None;
    const auto outcome = event ? m_store.accept(*encoded, &why)
                               : Result<EventStore::AcceptOutcome>(Error{event.error()});
    if (!outcome) {
        qCInfo(lcDaemon).noquote() << "refused a published event:" << outcome.error();
        // A database failure is the node's, not the event's.
        const bool refused = !event || why != Refusal::None;
        return wire::makeRefusal(refused ? wire::kErrorEventRefused : wire::kErrorStorage,
                                 outcome.error(), id);
    }
    if (*outcome == EventStore::AcceptOutcome::Fork)
        return wire::makeRefusal(wire::kErrorEventRefused,
                                 QStringLiteral("event %1 forks its feed: a rival with the same "
                                                "seq is stored; the proof is kept")
                                     .arg(event->shortName()),
                                 id);
    if (m_desk && *outcome == EventStore::AcceptOutcome::Stored)
        m_desk->refresh();
    return wire::makePublished(event->hash(), id);
}

QCborMap MarketSession::receipt(const QCborMap &message)
{
    const quint64 id = wire::requestIdOf(message);
    if (!m_desk)
        return noLedger(id);
    const auto fields = wire::parseReceipt(message);
    if (!fields)
        return wire::makeRefusal(wire::kErrorBadRequest, fields.error(), id);
    const auto kept = m_desk->takeReceipt(*fields);
    if (!kept)
        return wire::makeRefusal(wire::kErrorReceiptRefused, kept.error(), id);
    return wire::makeReceiptAck(kept.value(), id);
}

QCborMap MarketSession::market(const QCborMap &message)
{
    const quint64 id = wire::requestIdOf(message);
    if (!m_desk)
        return noLedger(id);
    const auto objectId = wire::parseMarket(message);
    if (!objectId)
        return wire::makeRefusal(wire::kErrorBadRequest, objectId.error(), id);
    auto reply = m_desk->market();
    if (!reply)
        return wire::makeRefusal(wire::kErrorStorage, reply.error(), id);
    if (*objectId && m_storage)
        reply.value().holds = m_storage->holds(**objectId);
    return wire::makeMarketReply(reply.value(), id);
}

void MarketSession::reply(const QCborMap &message)
{
    if (!m_connection || !m_connection->isReady())
        return;
    if (const auto sent = m_connection->send(message); !sent)
        qCWarning(lcDaemon).noquote() << "could not answer a market request:" << sent.error();
    m_router->resume();
}

} // namespace streamsync
