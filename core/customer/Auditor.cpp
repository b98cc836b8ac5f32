#include "customer/Auditor.h"

#include "customer/AnswerCheck.h"
#include "customer/ChunkBook.h"
#include "customer/CustomerLog.h"
#include "customer/MarketView.h"
#include "customer/NodeLink.h"
#include "customer/PeerSet.h"
#include "net/MarketMessages.h"
#include "storage/MerkleTree.h"

#include <QPointer>

#include <memory>

namespace streamsync {

Auditor::Auditor(PeerSet &peers, const MarketView &market, ChunkBook &chunks,
                 std::chrono::milliseconds deadline, quint64 seed, QObject *parent)
    : QObject(parent), m_peers(peers), m_market(market), m_chunks(chunks), m_deadline(deadline),
      m_random(seed)
{
    connect(&m_timer, &QTimer::timeout, this, &Auditor::round);
}

void Auditor::start(std::chrono::milliseconds interval)
{
    m_timer.start(interval);
}

void Auditor::round()
{
    audit();
    for (NodeLink *link : m_peers.readyLinks())
        probe(link);
}

void Auditor::audit()
{
    QList<QByteArray> objects;
    for (const QByteArray &id : m_chunks.objects()) {
        if (m_chunks.leafCount(id) > 0 && !m_chunks.knownChunks(id).isEmpty() &&
            !m_market.holders(id).isEmpty())
            objects.append(id);
    }
    if (objects.isEmpty())
        return;
    const QByteArray objectId = objects.at(qsizetype(m_random.bounded(quint64(objects.size()))));
    const QList<qint64> chunks = m_chunks.knownChunks(objectId);
    const qint64 index = chunks.at(qsizetype(m_random.bounded(quint64(chunks.size()))));
    const QList<NodeLink *> holders = m_market.holders(objectId);
    NodeLink *link = holders.at(qsizetype(m_random.bounded(quint64(holders.size()))));
    const QCborMap fetch =
        message::make(MessageType::FetchChunk,
                      {{QStringLiteral("chunk_hash"), m_chunks.chunkHash(objectId, index)},
                       {QStringLiteral("object_id"), objectId},
                       {QStringLiteral("index"), index}});
    requestWithin(link, fetch, [this, link, objectId, index](const std::optional<QCborMap> &reply) {
        onAudit(link, objectId, index, reply);
    });
}

void Auditor::onAudit(NodeLink *link, const QByteArray &objectId, qint64 index,
                      const std::optional<QCborMap> &reply)
{
    const auto answer = reply ? wire::parseChunkAnswer(*reply) : Error{QStringLiteral("no answer")};
    if (!answer) {
        qCInfo(lcCustomer).noquote() << "audit of" << link->label() << "failed:" << answer.error();
        return Q_EMIT audited(link, false);
    }
    const AnswerCheck check{objectId, index, m_chunks.leafCount(objectId), {}, link->peer().nodeId};
    const QByteArray leaf = MerkleTree::leafHash(answer->data);
    if (auto verified = check.verify(answer.value()); !verified) {
        qCWarning(lcCustomer).noquote()
            << "audit of" << link->label() << "failed:" << verified.error();
        if (check.signedByNode(answer.value()))
            Q_EMIT signedFalse(link, answer.value(), leaf);
        return Q_EMIT audited(link, false);
    }
    Q_EMIT witnessed(objectId, index, answer->leafCount, leaf, answer->proof);
    Q_EMIT audited(link, true);
}

void Auditor::probe(NodeLink *link)
{
    requestWithin(
        link, wire::makeMarket({}, 0), [this, link](const std::optional<QCborMap> &reply) {
            // Any reply but the link's own "closed" shows the node alive.
            const bool answered =
                reply && reply->value(QLatin1String("code")).toString() != QLatin1String("closed");
            Q_EMIT probed(link, answered);
        });
}

void Auditor::requestWithin(NodeLink *link, const QCborMap &message,
                            std::function<void(const std::optional<QCborMap> &)> done)
{
    auto finished = std::make_shared<bool>(false);
    QPointer<Auditor> self(this);
    const quint64 id = link->request(message, [self, finished, done](const QCborMap &reply) {
        if (self && !std::exchange(*finished, true))
            done(reply);
    });
    QTimer::singleShot(m_deadline, this, [link, id, finished, done] {
        if (std::exchange(*finished, true))
            return;
        link->forget(id);
        done(std::nullopt);
    });
}

} // namespace streamsync
