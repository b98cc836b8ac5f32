#include "daemon/StorageSession.h"

#include "daemon/StorageLog.h"
#include "daemon/StorageService.h"
#include "net/MarketMessages.h"
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
    // Cancels are taken whatever the backlog: they only make work go away.
    m_router->route({MessageType::Cancel}, this, {},
                    [this](const QCborMap &message) { onCancel(message); });
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
    const QByteArray queryId = message::typeOf(message) == MessageType::Query
                                   ? message.value(QLatin1String("query_id")).toByteArray()
                                   : QByteArray();
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    if (!queryId.isEmpty())
        m_pending.insert(queryId, cancelled);
    m_service.run(this, [&work = m_service.work(), message, queryId, cancelled] {
        // A race lost before a worker got to it costs no disk read.
        if (cancelled->load())
            return StorageWork::Outcome{{}, nullptr, false, queryId, cancelled};
        return StorageWork::Outcome{work.answer(message), nullptr, false, queryId, cancelled};
    });
}

void StorageSession::onCancel(const QCborMap &message)
{
    const auto queryId = wire::parseCancel(message);
    if (!queryId)
        return;
    const auto flags = m_pending.values(*queryId);
    for (const auto &flag : flags)
        flag->store(true);
}

void StorageSession::finish(const StorageWork::Outcome &outcome)
{
    --m_inFlight;
    if (outcome.upload)
        keepUpload(outcome.upload);
    const auto type = message::typeOf(outcome.reply);
    const bool answer = type == MessageType::QueryResponse || type == MessageType::Chunk;
    const int delayMs =
        answer ? m_service.hooks().answerDelayMs + m_service.profile().latencyMs() : 0;
    if (delayMs > 0 && !(outcome.cancelled && outcome.cancelled->load())) {
        // Still counted in flight while held back, as a slow disk would be.
        ++m_inFlight;
        QTimer::singleShot(delayMs, this, [this, outcome] {
            --m_inFlight;
            deliver(outcome);
        });
        return;
    }
    deliver(outcome);
}

void StorageSession::deliver(const StorageWork::Outcome &outcome)
{
    forget(outcome);
    if (outcome.cancelled && outcome.cancelled->load()) {
        qCDebug(lcStorage) << "a cancelled query was not answered";
        m_router->resume();
        return;
    }
    reply(profiled(outcome));
}

void StorageSession::forget(const StorageWork::Outcome &outcome)
{
    if (!outcome.queryId.isEmpty())
        m_pending.remove(outcome.queryId, outcome.cancelled);
}

QCborMap StorageSession::profiled(const StorageWork::Outcome &outcome)
{
    const auto type = message::typeOf(outcome.reply);
    if ((type != MessageType::QueryResponse && type != MessageType::Chunk) ||
        !m_service.profile().failsNext())
        return outcome.reply;
    return wire::makeRefusal(wire::kErrorStorage,
                             QStringLiteral("the node could not read the chunk (its hardware "
                                            "profile fails %1 of 1000 queries)")
                                 .arg(m_service.profile().settings().failPermille),
                             wire::requestIdOf(outcome.reply));
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
