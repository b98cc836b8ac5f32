#include "daemon/StorageSession.h"

#include "daemon/StorageLog.h"
#include "daemon/StorageService.h"
#include "net/MessageRouter.h"
#include "net/PeerConnection.h"
#include "net/StorageMessages.h"
#include "storage/ChunkUpload.h"

#include <QTimer>

namespace streamsync {

StorageSession::StorageSession(PeerConnection *connection, StorageService &service, QObject *parent)
    : QObject(parent), m_connection(connection), m_service(service),
      m_router(MessageRouter::of(connection))
{
    m_router->route(
        {MessageType::StoreManifest, MessageType::StoreChunk, MessageType::Query,
         MessageType::FetchChunk},
        this, [this] { return acceptsInput(); },
        [this](const QCborMap &message) { handle(message); });
    connect(connection, &PeerConnection::drained, this, &StorageSession::flush);
    connect(connection, &PeerConnection::closed, this, &QObject::deleteLater);
    m_router->resume();
}

bool StorageSession::acceptsInput() const
{
    return m_connection && m_connection->isReady() && m_outbox.isEmpty() &&
           !m_connection->isWriteBlocked() && m_inFlight < kMaxInFlight;
}

void StorageSession::handle(const QCborMap &message)
{
    const MessageType type = message::typeOf(message).value_or(MessageType::Error);
    if (auto refusal = m_service.refusal(type, wire::requestIdOf(message)))
        return send(*refusal);
    switch (type) {
    case MessageType::StoreManifest:
        return onStoreManifest(message);
    case MessageType::StoreChunk:
        return onStoreChunk(message);
    default:
        return onChunkRequest(message);
    }
}

void StorageSession::onStoreManifest(const QCborMap &message)
{
    if (m_uploads.size() >= kMaxUploads)
        return send(wire::makeRefusal(
            wire::kErrorRefused,
            QStringLiteral("%1 objects are being uploaded on this connection already; finish one")
                .arg(m_uploads.size()),
            wire::requestIdOf(message)));
    ++m_inFlight;
    m_service.run(this,
                  [&work = m_service.work(), message] { return work.storeManifest(message); });
}

void StorageSession::onStoreChunk(const QCborMap &message)
{
    const QByteArray objectId = message.value(QLatin1String("object_id")).toByteArray();
    std::shared_ptr<ChunkUpload> upload = m_uploads.value(objectId);
    ++m_inFlight;
    m_service.run(this, [&work = m_service.work(), message, upload] {
        return work.storeChunk(message, upload);
    });
}

void StorageSession::onChunkRequest(const QCborMap &message)
{
    ++m_inFlight;
    m_service.run(this, [&work = m_service.work(), message] {
        return StorageWork::Outcome{work.answer(message), nullptr, false};
    });
}

void StorageSession::finish(const StorageWork::Outcome &outcome)
{
    --m_inFlight;
    if (outcome.upload)
        keepUpload(outcome.upload);
    const int delayMs = m_service.hooks().answerDelayMs;
    const auto type = message::typeOf(outcome.reply);
    if (delayMs > 0 && (type == MessageType::QueryResponse || type == MessageType::Chunk)) {
        // Still counted in flight while held back, as a slow disk would be.
        ++m_inFlight;
        QTimer::singleShot(delayMs, this, [this, reply = outcome.reply] {
            --m_inFlight;
            this->reply(reply);
        });
        return;
    }
    reply(outcome.reply);
}

void StorageSession::keepUpload(const std::shared_ptr<ChunkUpload> &upload)
{
    if (upload->isComplete())
        m_uploads.remove(upload->manifest().objectId);
    else
        m_uploads.insert(upload->manifest().objectId, upload);
}

void StorageSession::reply(const QCborMap &message)
{
    send(message);
    m_router->resume();
}

void StorageSession::send(const QCborMap &message)
{
    if (!m_connection || !m_connection->isReady())
        return;
    if (m_outbox.isEmpty()) {
        const auto sent = m_connection->send(message);
        if (sent || !m_connection->isWriteBlocked()) {
            if (!sent)
                qCWarning(lcStorage).noquote() << "could not reply:" << sent.error();
            return;
        }
    }
    // Bounded by kMaxInFlight: nothing new is taken while replies wait here.
    m_outbox.enqueue(message);
}

void StorageSession::flush()
{
    while (m_connection && m_connection->isReady() && !m_outbox.isEmpty()) {
        const auto sent = m_connection->send(m_outbox.head());
        if (!sent && m_connection->isWriteBlocked())
            return;
        m_outbox.dequeue();
    }
    m_router->resume();
}

} // namespace streamsync
