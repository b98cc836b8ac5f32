#pragma once

#include "market/SeededRandom.h"

#include <QByteArray>
#include <QCborMap>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace streamsync {

class ChunkBook;
class MarketView;
class NodeLink;
class PeerSet;
namespace wire {
struct ChunkAnswer;
}

// The customer as auditor (DESIGN §3 "auditor: any node or customer"): every `interval` it
// challenges one random holder for one random chunk of one random object whose chunk hash it
// knows (fetch_chunk; the answer must prove the chunk under the object id and carry the node's
// signature, within the SLA deadline: passed, else failed), and probes the liveness of every
// connected node (any reply within the deadline: answered). A failed audit whose answer is
// signed by the node is handed on as a possible fraud proof, like a race's invalid answer.
class Auditor : public QObject
{
    Q_OBJECT

public:
    Auditor(PeerSet &peers, const MarketView &market, ChunkBook &chunks,
            std::chrono::milliseconds deadline, quint64 seed, QObject *parent = nullptr);

    void start(std::chrono::milliseconds interval);
    void stop() { m_timer.stop(); }

Q_SIGNALS:
    void audited(streamsync::NodeLink *link, bool passed);
    // A failed audit answer that the node signed: `answer` with the leaf hash of its data.
    void signedFalse(streamsync::NodeLink *link, const streamsync::wire::ChunkAnswer &answer,
                     const QByteArray &leafHash);
    // A passed audit: the chunk's true leaf and path, a witness against false statements.
    void witnessed(const QByteArray &objectId, qint64 index, qint64 leafCount,
                   const QByteArray &leafHash, const QList<QByteArray> &path);
    void probed(streamsync::NodeLink *link, bool answered);

private:
    void round();
    void audit();
    void probe(NodeLink *link);
    void onAudit(NodeLink *link, const QByteArray &objectId, qint64 index,
                 const std::optional<QCborMap> &reply);
    // Sends `message`; `done` gets the reply, or nullopt when none came within the deadline.
    void requestWithin(NodeLink *link, const QCborMap &message,
                       std::function<void(const std::optional<QCborMap> &)> done);

    PeerSet &m_peers;
    const MarketView &m_market;
    ChunkBook &m_chunks;
    std::chrono::milliseconds m_deadline;
    SeededRandom m_random;
    QTimer m_timer;
};

} // namespace streamsync
