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

namespace streamsync {

class NodeLink;

// One query raced (DESIGN §3): the same query goes to every given node at once; the first answer
// that verifies (AnswerCheck: Merkle proof to the object id and the node's signature) wins, and
// the others' replies are ignored when they come. An answer that fails a check is logged with
// its node and reason and loses. Without a verified answer by the SLA deadline, or once every
// node has answered or dropped out without one, the race is lost.
class ChunkRace : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        bool won = false;
        QByteArray data;
        qint64 leafCount = 0;
        NodeLink *winner = nullptr;
        qint64 latencyUs = 0; // from sending to the winning answer
        QStringList losses;   // "node: why", for each answer that did not win
        int rejected = 0;     // answers that came but failed verification
    };

    ChunkRace(const QList<NodeLink *> &links, const QByteArray &objectId, qint64 index,
              qint64 expectedLeafCount, std::chrono::milliseconds sla, QObject *parent = nullptr);
    ~ChunkRace() override;

    void start();
    qint64 index() const { return m_check.index; }
    const Outcome &outcome() const { return m_outcome; }

Q_SIGNALS:
    void finished();

private:
    void onReply(NodeLink *link, const QCborMap &reply);
    void lose(NodeLink *link, const QString &why);
    void finish();
    void forgetPending();

    QList<NodeLink *> m_links;
    AnswerCheck m_check;
    std::chrono::milliseconds m_sla;
    QTimer m_deadline;
    QElapsedTimer m_clock;
    QHash<NodeLink *, quint64> m_requests;
    Outcome m_outcome;
    bool m_done = false;
};

} // namespace streamsync
