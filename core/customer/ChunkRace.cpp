#include "customer/ChunkRace.h"

#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"

#include <QRandomGenerator>

namespace streamsync {

namespace {

constexpr int kQueryIdBytes = 16;

QByteArray newQueryId()
{
    QByteArray id(kQueryIdBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(id.data()),
                                          kQueryIdBytes / 4);
    return id;
}

} // namespace

ChunkRace::ChunkRace(const QList<NodeLink *> &links, const QByteArray &objectId, qint64 index,
                     qint64 expectedLeafCount, std::chrono::milliseconds sla, QObject *parent)
    : QObject(parent),
      m_links(links), m_check{objectId, index, expectedLeafCount, newQueryId(), {}}, m_sla(sla)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        m_outcome.losses.append(
            QStringLiteral("no verified answer within %1 ms").arg(m_sla.count()));
        finish();
    });
}

ChunkRace::~ChunkRace()
{
    // Replies that come after a race is gone must not call into it.
    forgetPending();
}

void ChunkRace::start()
{
    m_clock.start();
    m_deadline.start(m_sla);
    for (NodeLink *link : m_links) {
        const QCborMap query = wire::makeQuery(m_check.queryId, m_check.objectId, m_check.index, 0);
        m_requests.insert(link, link->request(query, [this, link](const QCborMap &reply) {
            onReply(link, reply);
        }));
    }
    if (m_links.isEmpty())
        QTimer::singleShot(0, this, [this] { lose(nullptr, QStringLiteral("no node to ask")); });
}

void ChunkRace::onReply(NodeLink *link, const QCborMap &reply)
{
    m_requests.remove(link);
    if (m_done)
        return;
    if (message::typeOf(reply) == MessageType::Error)
        return lose(link, reply.value(QLatin1String("reason")).toString());
    const auto answer = wire::parseChunkAnswer(reply);
    if (!answer)
        return lose(link, answer.error());
    AnswerCheck check = m_check;
    check.node = link->peer().nodeId;
    if (auto verified = check.verify(answer.value()); !verified) {
        ++m_outcome.rejected;
        qCWarning(lcCustomer).noquote() << QStringLiteral("chunk %1: rejected the answer of %2: %3")
                                               .arg(m_check.index)
                                               .arg(link->label(), verified.error());
        return lose(link, QStringLiteral("rejected: ") + verified.error());
    }
    m_outcome.won = true;
    m_outcome.data = answer->data;
    m_outcome.leafCount = answer->leafCount;
    m_outcome.winner = link;
    m_outcome.latencyUs = m_clock.nsecsElapsed() / 1000;
    finish();
}

void ChunkRace::lose(NodeLink *link, const QString &why)
{
    m_outcome.losses.append(link ? QStringLiteral("%1: %2").arg(link->label(), why) : why);
    if (m_requests.isEmpty())
        finish();
}

void ChunkRace::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    // Cancelled: whatever the other nodes still send is dropped on arrival.
    forgetPending();
    Q_EMIT finished();
}

void ChunkRace::forgetPending()
{
    for (auto it = m_requests.constBegin(); it != m_requests.constEnd(); ++it)
        it.key()->forget(it.value());
    m_requests.clear();
}

} // namespace streamsync
