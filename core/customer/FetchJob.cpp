#include "customer/FetchJob.h"

#include "customer/ChunkRace.h"
#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"
#include "customer/PeerSet.h"

namespace streamsync {

FetchJob::FetchJob(PeerSet &peers, const QByteArray &objectId, const QString &outPath,
                   std::chrono::milliseconds sla, int window, QObject *parent)
    : QObject(parent), m_peers(peers), m_objectId(objectId), m_sla(sla), m_window(qMax(1, window)),
      m_out(outPath)
{}

void FetchJob::start()
{
    if (!m_out.open(QIODevice::WriteOnly))
        return finish(
            QStringLiteral("cannot write %1: %2").arg(m_out.fileName(), m_out.errorString()));
    race(0);
}

void FetchJob::race(qint64 index)
{
    auto *race = new ChunkRace(m_peers.usableLinks(), m_objectId, index, m_leafCount, m_sla, this);
    connect(race, &ChunkRace::finished, this, [this, race] { onRaceFinished(race); });
    ++m_racing;
    ++m_nextToRace;
    race->start();
}

void FetchJob::raceMore()
{
    while (!m_done && m_racing < m_window && m_nextToRace < m_leafCount)
        race(m_nextToRace);
}

void FetchJob::onRaceFinished(ChunkRace *race)
{
    --m_racing;
    race->deleteLater();
    if (m_done)
        return;
    const ChunkRace::Outcome &outcome = race->outcome();
    m_rejected += outcome.rejected;
    if (!outcome.won)
        return finish(QStringLiteral("chunk %1: %2")
                          .arg(race->index())
                          .arg(outcome.losses.join(QStringLiteral("; "))));
    ++m_wins[outcome.winner->label()];
    if (race->index() == 0)
        m_leafCount = outcome.leafCount;
    m_ready.insert(race->index(), outcome.data);
    if (auto written = writeReady(); !written)
        return finish(written.error());
    if (m_nextToWrite == m_leafCount)
        return finish({});
    raceMore();
}

Result<void> FetchJob::writeReady()
{
    while (m_ready.contains(m_nextToWrite)) {
        const QByteArray data = m_ready.take(m_nextToWrite);
        if (m_out.write(data) != data.size())
            return fail(
                QStringLiteral("cannot write %1: %2").arg(m_out.fileName(), m_out.errorString()));
        m_written += data.size();
        ++m_nextToWrite;
    }
    return {};
}

void FetchJob::finish(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_error = error;
    if (m_error.isEmpty() && !m_out.commit())
        m_error = QStringLiteral("cannot save %1: %2").arg(m_out.fileName(), m_out.errorString());
    if (!m_error.isEmpty())
        m_out.cancelWriting();
    Q_EMIT finished();
}

} // namespace streamsync
