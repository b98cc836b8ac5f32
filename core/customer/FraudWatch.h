#pragma once

#include "ledger/SlashBody.h"
#include "net/StorageMessages.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

#include <optional>

namespace streamsync {

// Turns signed false answers into `slash` bodies (docs/market.md "Slash"): an answer that failed
// verification but carries the node's valid signature over the leaf hash of the bytes it sent is
// a false statement, and the verified answer of another node for the same chunk (same object,
// index and leaf count) is the witness that proves it false. A statement waits (a few, the
// newest) until such a witness comes, from a race or an audit.
//
// One slash per node per customer session: a single proven lie is enough for the network to
// act on (the slash takes its share of the bond, and the invalid answers the race reports carry
// drive the node's accuracy under the suspension threshold); slashing every lie of a node that
// serves corrupt data to every query would take its whole bond within seconds for one fault.
class FraudWatch
{
public:
    static constexpr qsizetype kMaxWaiting = 64;
    static constexpr qsizetype kMaxWitnesses = 4096;

    void witness(const QByteArray &objectId, qint64 index, qint64 leafCount,
                 const QByteArray &leafHash, const QList<QByteArray> &path);
    // A signed false answer of `nodeKey`; `leafHash` is the leaf of the data it sent.
    void signedFalse(const QByteArray &nodeKey, const wire::ChunkAnswer &answer,
                     const QByteArray &leafHash);
    // Slash bodies ready to append and publish; each is returned once.
    QList<SlashBody> takeReady();
    bool hasSlashed(const QByteArray &nodeKey) const { return m_slashed.contains(nodeKey); }

private:
    struct Waiting
    {
        QByteArray node;
        SlashStatement statement;
    };
    static QByteArray chunkKey(const QByteArray &objectId, qint64 index, qint64 leafCount);
    void match();

    QHash<QByteArray, SlashWitness> m_witnesses; // chunkKey → witness
    QList<QByteArray> m_witnessOrder;
    QList<Waiting> m_waiting;
    QList<SlashBody> m_ready;
    QSet<QByteArray> m_slashed; // node keys
};

} // namespace streamsync
