#pragma once

#include <QList>
#include <QtGlobal>

namespace streamsync {

// Latency samples of a workload, and their percentiles by the nearest-rank method (the value
// below which p% of the samples lie, always one actually measured).
class LatencyStats
{
public:
    void add(qint64 micros);
    qsizetype count() const { return m_samples.size(); }
    // p in (0, 100]; 0 when there are no samples.
    double percentileMs(double p);

private:
    QList<qint64> m_samples;
    bool m_sorted = true;
};

} // namespace streamsync
