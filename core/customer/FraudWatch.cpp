#include "customer/FraudWatch.h"

namespace streamsync {

QByteArray FraudWatch::chunkKey(const QByteArray &objectId, qint64 index, qint64 leafCount)
{
    return objectId + QByteArray::number(index) + ':' + QByteArray::number(leafCount);
}

void FraudWatch::witness(const QByteArray &objectId, qint64 index, qint64 leafCount,
                         const QByteArray &leafHash, const QList<QByteArray> &path)
{
    const QByteArray key = chunkKey(objectId, index, leafCount);
    if (!m_witnesses.contains(key)) {
        m_witnessOrder.append(key);
        if (m_witnessOrder.size() > kMaxWitnesses)
            m_witnesses.remove(m_witnessOrder.takeFirst());
    }
    m_witnesses.insert(key, SlashWitness{leafHash, path});
    if (!m_waiting.isEmpty())
        match();
}

void FraudWatch::signedFalse(const QByteArray &nodeKey, const wire::ChunkAnswer &answer,
                             const QByteArray &leafHash)
{
    if (m_slashed.contains(nodeKey))
        return;
    SlashStatement statement{answer.objectId, answer.index,   answer.leafCount,
                             leafHash,        answer.queryId, answer.signature};
    m_waiting.append({nodeKey, statement});
    if (m_waiting.size() > kMaxWaiting)
        m_waiting.removeFirst();
    match();
}

void FraudWatch::match()
{
    for (qsizetype i = 0; i < m_waiting.size();) {
        const Waiting &w = m_waiting.at(i);
        const auto it = m_witnesses.constFind(
            chunkKey(w.statement.object, w.statement.index, w.statement.leafCount));
        const bool provable = it != m_witnesses.constEnd() && it->leafHash != w.statement.leafHash;
        if (!provable || m_slashed.contains(w.node)) {
            // Already slashed: nothing more will come of it.
            if (m_slashed.contains(w.node))
                m_waiting.removeAt(i);
            else
                ++i;
            continue;
        }
        m_slashed.insert(w.node);
        m_ready.append(SlashBody{w.node, w.statement, *it});
        m_waiting.removeAt(i);
    }
}

QList<SlashBody> FraudWatch::takeReady()
{
    return std::exchange(m_ready, {});
}

} // namespace streamsync
