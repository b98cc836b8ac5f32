#include "customer/NodeUploader.h"

#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"
#include "net/StorageMessages.h"
#include "storage/ObjectSource.h"

namespace streamsync {

namespace {

// The reason in an error reply, or a description of an unexpected one.
QString refusalOf(const QCborMap &reply, MessageType expected)
{
    if (message::typeOf(reply) == MessageType::Error)
        return reply.value(QLatin1String("reason")).toString();
    return QStringLiteral("expected %1, got %2")
        .arg(message::typeName(expected), reply.value(QLatin1String("type")).toString());
}

} // namespace

NodeUploader::NodeUploader(NodeLink &link, ObjectSource &file, int window, QObject *parent)
    : QObject(parent), m_link(link), m_file(file), m_window(qMax(1, window))
{}

void NodeUploader::start()
{
    m_link.request(wire::makeStoreManifest(m_file.manifest(), 0),
                   [this](const QCborMap &reply) { onManifestAck(reply); });
}

void NodeUploader::onManifestAck(const QCborMap &reply)
{
    if (m_done)
        return;
    const auto ack = wire::parseManifestAck(reply);
    if (!ack)
        return finish(refusalOf(reply, MessageType::ManifestAck));
    if (ack->objectId != m_file.manifest().objectId)
        return finish(QStringLiteral("the node acknowledged another object"));
    if (ack->missing.isEmpty()) {
        m_alreadyHeld = true;
        return finish({});
    }
    m_missing = ack->missing;
    qCDebug(lcCustomer).noquote() << m_link.label() << "needs" << m_missing.size() << "chunks";
    sendMore();
}

void NodeUploader::sendMore()
{
    while (!m_done && m_inFlight < m_window && m_next < m_missing.size()) {
        const qint64 index = m_missing[m_next++];
        auto bytes = m_file.chunk(index);
        if (!bytes)
            return finish(bytes.error());
        const ObjectManifest &manifest = m_file.manifest();
        ++m_inFlight;
        ++m_sent;
        m_link.request(
            wire::makeStoreChunk(
                {manifest.objectId, index, manifest.chunkHashes[index], bytes.value()}, 0),
            [this](const QCborMap &reply) { onStoreAck(reply); });
    }
}

void NodeUploader::onStoreAck(const QCborMap &reply)
{
    --m_inFlight;
    if (m_done)
        return;
    const auto ack = wire::parseStoreAck(reply);
    if (!ack)
        return finish(refusalOf(reply, MessageType::StoreAck));
    Q_EMIT chunkAcked(ack->index);
    if (ack->complete)
        return finish({});
    if (m_inFlight == 0 && m_next >= m_missing.size())
        return finish(QStringLiteral("every chunk was acknowledged but the node never reported "
                                     "the object complete"));
    sendMore();
}

void NodeUploader::finish(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_error = error;
    Q_EMIT finished();
}

} // namespace streamsync
