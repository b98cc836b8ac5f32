#include "customer/ChunkRace.h"

#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"
#include "net/MarketMessages.h"
#include "storage/MerkleTree.h"

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
    : ChunkRace(links, objectId, index, expectedLeafCount, sla, Options{}, parent)
{}

ChunkRace::ChunkRace(const QList<NodeLink *> &links, const QByteArray &objectId, qint64 index,
                     qint64 expectedLeafCount, std::chrono::milliseconds sla, Options options,
                     QObject *parent)
    : QObject(parent),
      m_links(links), m_check{objectId, index, expectedLeafCount, newQueryId(), {}}, m_sla(sla),
      m_options(options)
{
    for (NodeLink *link : links) {
        NodeResult result;
        result.link = link;
        m_outcome.results.append(result);
    }
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (!m_done)
            m_outcome.losses.append(
                QStringLiteral("no verified answer within %1 ms").arg(m_sla.count()));
        finish();
        settle();
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

ChunkRace::NodeResult *ChunkRace::resultOf(NodeLink *link)
{
    for (NodeResult &result : m_outcome.results) {
        if (result.link == link)
            return &result;
    }
    return nullptr;
}

void ChunkRace::onReply(NodeLink *link, const QCborMap &reply)
{
    m_requests.remove(link);
    NodeResult *result = resultOf(link);
    if (m_settled || !result)
        return;
    const bool decided = m_done;
    judge(*result, reply);
    if (decided || m_outcome.winner != link)
        lose(link, result->why.isEmpty() ? QStringLiteral("answered after the race was decided")
                                         : result->why);
    maybeSettle();
}

// Records what the node's reply shows; a verified answer that comes first wins the race.
void ChunkRace::judge(NodeResult &result, const QCborMap &reply)
{
    result.latencyUs = m_clock.nsecsElapsed() / 1000;
    if (message::typeOf(reply) == MessageType::Error) {
        result.answer = NodeResult::Answer::Refused;
        result.why = reply.value(QLatin1String("reason")).toString();
        return;
    }
    const auto answer = wire::parseChunkAnswer(reply);
    if (!answer) {
        result.answer = NodeResult::Answer::Invalid;
        result.why = answer.error();
        return;
    }
    AnswerCheck check = m_check;
    check.node = result.link->peer().nodeId;
    if (auto verified = check.verify(answer.value()); !verified) {
        result.answer = NodeResult::Answer::Invalid;
        result.why = QStringLiteral("rejected: ") + verified.error();
        if (check.signedByNode(answer.value())) {
            result.signedFalse = answer.value();
            result.falseLeaf = MerkleTree::leafHash(answer->data);
        }
        ++m_outcome.rejected;
        qCWarning(lcCustomer).noquote() << QStringLiteral("chunk %1: rejected the answer of %2: %3")
                                               .arg(m_check.index)
                                               .arg(result.link->label(), verified.error());
        return;
    }
    result.answer = NodeResult::Answer::Verified;
    if (!m_done)
        win(result, answer.value(), MerkleTree::leafHash(answer->data));
}

void ChunkRace::win(NodeResult &result, const wire::ChunkAnswer &answer, const QByteArray &leaf)
{
    m_outcome.won = true;
    m_outcome.data = answer.data;
    m_outcome.leafCount = answer.leafCount;
    m_outcome.winner = result.link;
    m_outcome.latencyUs = result.latencyUs;
    m_outcome.winnerLeaf = leaf;
    m_outcome.winnerProof = answer.proof;
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
    if (m_options.cancelLosers && m_outcome.won)
        cancelPending();
    if (!m_options.checkLateAnswers) {
        // Cancelled: whatever the other nodes still send is dropped on arrival.
        forgetPending();
        m_deadline.stop();
    }
    Q_EMIT finished();
    if (!m_options.checkLateAnswers || m_requests.isEmpty())
        settle();
}

void ChunkRace::cancelPending()
{
    const QCborMap cancel = wire::makeCancel(m_check.queryId);
    for (auto it = m_requests.constBegin(); it != m_requests.constEnd(); ++it)
        it.key()->notify(cancel);
}

void ChunkRace::maybeSettle()
{
    if (m_done && m_requests.isEmpty())
        settle();
}

void ChunkRace::settle()
{
    if (m_settled)
        return;
    m_settled = true;
    m_deadline.stop();
    forgetPending();
    Q_EMIT settled();
}

void ChunkRace::forgetPending()
{
    for (auto it = m_requests.constBegin(); it != m_requests.constEnd(); ++it)
        it.key()->forget(it.value());
    m_requests.clear();
}

} // namespace streamsync
