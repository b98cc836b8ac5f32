#pragma once

#include "customer/LatencyStats.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <chrono>

namespace streamsync {

class ChunkRace;
class PeerSet;

// `customer load`: a bounded query workload. After one probe (a race for chunk 0, not counted,
// which tells the chunk count) it starts qps × duration queries, at a fixed rate (paced on a
// monotonic clock, so a late tick catches up instead of lowering the rate), each one a race for
// a seeded random chunk among every node of the set. A query counts as an error when its race is
// lost (no verified answer within the SLA) or when maxInFlight queries are already running (it
// is then not sent: the load never grows without bound on a slow network). Latency is measured
// from sending to the winning answer, for successful queries.
class LoadJob : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QByteArray objectId;
        int qps = 10;
        std::chrono::milliseconds duration{10'000};
        std::chrono::milliseconds sla{2'000};
        quint32 seed = 1;
        int maxInFlight = 256;
    };

    LoadJob(PeerSet &peers, const Options &options, QObject *parent = nullptr);

    void start();
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qint64 issued() const { return m_issued; }
    qint64 errors() const { return m_errors; }
    LatencyStats &latencies() { return m_latencies; }
    // Why queries failed, with how many failed so.
    const QMap<QString, int> &errorReasons() const { return m_reasons; }
    double elapsedSeconds() const { return double(m_elapsedMs) / 1000.0; }

Q_SIGNALS:
    void finished();

private:
    void onProbe(ChunkRace *race);
    void tick();
    void launch();
    void onRaceFinished(ChunkRace *race);
    void noteError(const QString &reason);
    void maybeFinish();

    PeerSet &m_peers;
    Options m_options;
    QRandomGenerator m_random;
    QTimer m_ticker;
    QElapsedTimer m_clock;
    qint64 m_leafCount = 0;
    qint64 m_total = 0;
    qint64 m_issued = 0;
    qint64 m_errors = 0;
    qint64 m_elapsedMs = 0;
    int m_inFlight = 0;
    LatencyStats m_latencies;
    QMap<QString, int> m_reasons;
    QString m_error;
    bool m_done = false;
};

} // namespace streamsync
