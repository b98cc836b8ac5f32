#pragma once

#include "customer/AnswerCheck.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>

namespace streamsync {

class NodeLink;

// One query raced (DESIGN §3): the same query goes to every given node at once; the first answer
// that verifies (AnswerCheck: Merkle proof to the object id and the node's signature) wins.
// An answer that fails a check is logged with its node and reason and loses. Without a verified
// answer by the SLA deadline, or once every node has answered or dropped out without one, the
// race is lost. finished() says the race is decided.
//
// The market's races (Options) also send `cancel` to the nodes still working once one has won,
// and keep checking the answers that still come until the deadline: a late answer that fails
// verification still counts against its node, and a late signed false answer is still a fraud
// proof. settled() says that nothing more will be learnt; without late checks it follows
// finished() at once.
class ChunkRace : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool cancelLosers = false;
        bool checkLateAnswers = false;
    };

    // What one raced node did.
    struct NodeResult
    {
        enum class Answer { None, Verified, Invalid, Refused };
        NodeLink *link = nullptr;
        Answer answer = Answer::None;
        qint64 latencyUs = 0; // from sending to its answer, for Verified and Invalid
        QString why;          // for Invalid and Refused
        // An Invalid answer whose node signature over the bytes it sent verifies: the false
        // statement, with the leaf hash it names.
        std::optional<wire::ChunkAnswer> signedFalse;
        QByteArray falseLeaf;
    };

    struct Outcome
    {
        bool won = false;
        QByteArray data;
        qint64 leafCount = 0;
        NodeLink *winner = nullptr;
        qint64 latencyUs = 0; // from sending to the winning answer
        QStringList losses;   // "node: why", for each answer that did not win
        int rejected = 0;     // answers that came but failed verification
        // The winner's leaf hash and audit path: a witness against any false statement for the
        // same chunk.
        QByteArray winnerLeaf;
        QList<QByteArray> winnerProof;
        QList<NodeResult> results; // one per raced node, in the order given
    };

    ChunkRace(const QList<NodeLink *> &links, const QByteArray &objectId, qint64 index,
              qint64 expectedLeafCount, std::chrono::milliseconds sla, QObject *parent = nullptr);
    ChunkRace(const QList<NodeLink *> &links, const QByteArray &objectId, qint64 index,
              qint64 expectedLeafCount, std::chrono::milliseconds sla, Options options,
              QObject *parent = nullptr);
    ~ChunkRace() override;

    void start();
    qint64 index() const { return m_check.index; }
    const QByteArray &objectId() const { return m_check.objectId; }
    const QByteArray &queryId() const { return m_check.queryId; }
    const Outcome &outcome() const { return m_outcome; }
    bool isSettled() const { return m_settled; }

Q_SIGNALS:
    void finished();
    void settled();

private:
    void onReply(NodeLink *link, const QCborMap &reply);
    void judge(NodeResult &result, const QCborMap &reply);
    void win(NodeResult &result, const wire::ChunkAnswer &answer, const QByteArray &leaf);
    void lose(NodeLink *link, const QString &why);
    void finish();
    void cancelPending();
    void maybeSettle();
    void settle();
    void forgetPending();
    NodeResult *resultOf(NodeLink *link);

    QList<NodeLink *> m_links;
    AnswerCheck m_check;
    std::chrono::milliseconds m_sla;
    Options m_options;
    QTimer m_deadline;
    QElapsedTimer m_clock;
    QHash<NodeLink *, quint64> m_requests;
    Outcome m_outcome;
    bool m_done = false;
    bool m_settled = false;
};

} // namespace streamsync
