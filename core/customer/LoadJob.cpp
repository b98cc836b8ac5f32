#include "customer/LoadJob.h"

#include "customer/ChunkRace.h"
#include "customer/NodeLink.h"
#include "customer/PeerSet.h"

namespace streamsync {

namespace {

// Fine enough for a few thousand queries per second without a timer per query.
constexpr std::chrono::milliseconds kTick{5};

} // namespace

LoadJob::LoadJob(PeerSet &peers, const Options &options, QObject *parent)
    : QObject(parent), m_peers(peers), m_options(options), m_random(options.seed)
{
    m_total = qint64(options.qps) * options.duration.count() / 1000;
    m_ticker.setInterval(kTick);
    connect(&m_ticker, &QTimer::timeout, this, &LoadJob::tick);
}

void LoadJob::start()
{
    auto *probe =
        new ChunkRace(m_peers.usableLinks(), m_options.objectId, 0, 0, m_options.sla, this);
    connect(probe, &ChunkRace::finished, this, [this, probe] { onProbe(probe); });
    probe->start();
}

void LoadJob::onProbe(ChunkRace *race)
{
    race->deleteLater();
    if (!race->outcome().won) {
        m_error = QStringLiteral("the probe for chunk 0 failed: ") +
                  race->outcome().losses.join(QStringLiteral("; "));
        m_done = true;
        Q_EMIT finished();
        return;
    }
    m_leafCount = race->outcome().leafCount;
    m_clock.start();
    m_ticker.start();
    tick();
}

void LoadJob::tick()
{
    const qint64 due = qMin(m_total, m_clock.elapsed() * qint64(m_options.qps) / 1000 + 1);
    while (m_issued < due)
        launch();
    if (m_issued >= m_total) {
        m_ticker.stop();
        maybeFinish();
    }
}

void LoadJob::launch()
{
    ++m_issued;
    if (m_inFlight >= m_options.maxInFlight)
        return noteError(
            QStringLiteral("not sent: %1 queries already in flight").arg(m_options.maxInFlight));
    const qint64 index = qint64(m_random.bounded(quint64(m_leafCount)));
    auto *race = new ChunkRace(m_peers.usableLinks(), m_options.objectId, index, m_leafCount,
                               m_options.sla, this);
    connect(race, &ChunkRace::finished, this, [this, race] { onRaceFinished(race); });
    ++m_inFlight;
    race->start();
}

void LoadJob::onRaceFinished(ChunkRace *race)
{
    --m_inFlight;
    race->deleteLater();
    const ChunkRace::Outcome &outcome = race->outcome();
    if (outcome.won)
        m_latencies.add(outcome.latencyUs);
    else
        noteError(outcome.losses.value(outcome.losses.size() - 1, QStringLiteral("lost")));
    maybeFinish();
}

void LoadJob::noteError(const QString &reason)
{
    ++m_errors;
    // Bounded: a flood of distinct reasons must not grow the map without end.
    if (m_reasons.size() < 16 || m_reasons.contains(reason))
        ++m_reasons[reason];
}

void LoadJob::maybeFinish()
{
    if (m_done || m_issued < m_total || m_inFlight > 0)
        return;
    m_done = true;
    m_elapsedMs = m_clock.elapsed();
    Q_EMIT finished();
}

} // namespace streamsync
