#pragma once

#include "daemon/StorageWork.h"

#include <QByteArray>
#include <QCborMap>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>

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
    void keepUpload(const std::shared_ptr<ChunkUpload> &upload);
    void reply(const QCborMap &message);
    void send(const QCborMap &message);
    void flush();

    QPointer<PeerConnection> m_connection;
    StorageService &m_service;
    MessageRouter *m_router;
    QQueue<QCborMap> m_outbox;
    QHash<QByteArray, std::shared_ptr<ChunkUpload>> m_uploads;
    int m_inFlight = 0;
};

} // namespace streamsync
