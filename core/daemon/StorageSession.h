#pragma once

#include "daemon/StorageWork.h"

#include <QByteArray>
#include <QCborMap>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>

#include <atomic>
#include <memory>

namespace streamsync {

class ChunkUpload;
class MessageRouter;
class PeerConnection;
class StorageService;

// The storage side of one connection: takes its store_manifest, store_chunk, query and
// fetch_chunk messages (through the connection's MessageRouter), hands each to the service's
// workers and sends the reply when it comes back, in whatever order the work finishes (replies
// carry the request id). Keeps the uploads the peer announced on this connection.
//
// Backpressure: at most kMaxInFlight requests are being worked on, and none is taken while
// replies wait for the connection to drain; the rest stays unread, so TCP slows the peer down.
//
// A customer that lost a race sends `cancel {query_id}`: a query with that id still waiting for
// a worker is not worked on, and one worked on or held back (the serving profile's latency) is
// not answered. An answer already sent stays sent. The serving profile also turns its share of
// answers into errors (ServingProfile).
class StorageSession : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxInFlight = 8;
    // Objects one connection may have announced at once.
    static constexpr int kMaxUploads = 64;

    StorageSession(PeerConnection *connection, StorageService &service, QObject *parent = nullptr);

    bool acceptsInput() const;
    // Called by the service on this thread when a request's work is done.
    void finish(const StorageWork::Outcome &outcome);

private:
    void handle(const QCborMap &message);
    void onStoreManifest(const QCborMap &message);
    void onStoreChunk(const QCborMap &message);
    void onChunkRequest(const QCborMap &message);
    void onCancel(const QCborMap &message);
    void deliver(const StorageWork::Outcome &outcome);
    void forget(const StorageWork::Outcome &outcome);
    // The reply to send for an answer, after the serving profile's dice.
    QCborMap profiled(const StorageWork::Outcome &outcome);
    void keepUpload(const std::shared_ptr<ChunkUpload> &upload);
    void reply(const QCborMap &message);
    void send(const QCborMap &message);
    void flush();

    QPointer<PeerConnection> m_connection;
    StorageService &m_service;
    MessageRouter *m_router;
    QQueue<QCborMap> m_outbox;
    QHash<QByteArray, std::shared_ptr<ChunkUpload>> m_uploads;
    // Queries taken and not yet answered, by query id (cancel flags; bounded by kMaxInFlight).
    QMultiHash<QByteArray, std::shared_ptr<std::atomic_bool>> m_pending;
    int m_inFlight = 0;
};

} // namespace streamsync
