#pragma once

#include <QCborMap>
#include <QObject>
#include <QPointer>

namespace streamsync {

class EventStore;
class MarketDesk;
class MessageRouter;
class PeerConnection;
class StorageService;

// The market side of one connection (docs/market.md, net/MarketMessages.h): a customer's
// publish_event, receipt and market requests. publish_event goes through EventStore::accept like
// a gossiped event (so gossip then spreads it); receipts and market requests go to the ledger's
// desk, and are refused with `no_ledger` when the node runs without --network. Each request gets
// exactly one reply, echoing its request id.
//
// Replies are small; a request is taken only while the connection can take a reply, so a
// customer that does not read its replies stops being read.
class MarketSession : public QObject
{
    Q_OBJECT

public:
    // `desk` may be null (no ledger); `storage` answers whether the node holds an object.
    MarketSession(PeerConnection *connection, EventStore &store, qsizetype maxEventBytes,
                  MarketDesk *desk, StorageService *storage, QObject *parent = nullptr);

private:
    void handle(const QCborMap &message);
    QCborMap publish(const QCborMap &message);
    QCborMap receipt(const QCborMap &message);
    QCborMap market(const QCborMap &message);
    void reply(const QCborMap &message);

    QPointer<PeerConnection> m_connection;
    EventStore &m_store;
    qsizetype m_maxEventBytes;
    MarketDesk *m_desk;
    QPointer<StorageService> m_storage;
    MessageRouter *m_router;
};

} // namespace streamsync
