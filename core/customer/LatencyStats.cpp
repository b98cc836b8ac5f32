#include "customer/LatencyStats.h"

#include <algorithm>
#include <cmath>

namespace streamsync {

void LatencyStats::add(qint64 micros)
{
    m_samples.append(micros);
    m_sorted = false;
}

double LatencyStats::percentileMs(double p)
{
    if (m_samples.isEmpty())
        return 0;
    if (!m_sorted) {
        std::sort(m_samples.begin(), m_samples.end());
        m_sorted = true;
    }
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(m_samples.size())));
    return double(m_samples.at(qBound<qsizetype>(1, rank, m_samples.size()) - 1)) / 1000.0;
}

} // namespace streamsync
