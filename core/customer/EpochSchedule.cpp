#include "customer/EpochSchedule.h"

namespace streamsync {

void EpochSchedule::setStart(qint64 startMs)
{
    m_exact = true;
    m_low = startMs - 1;
    m_high = startMs;
}

void EpochSchedule::observe(qint64 nowMs, qint64 epoch)
{
    if (m_exact || epoch < 0)
        return;
    // start + epoch·length <= now < start + (epoch+1)·length
    const qint64 high = nowMs - epoch * m_length;
    const qint64 low = nowMs - (epoch + 1) * m_length;
    m_high = m_high ? qMin(*m_high, high) : high;
    m_low = m_low ? qMax(*m_low, low) : low;
    // Clocks disagree a little: never let the bounds cross.
    if (*m_low >= *m_high)
        m_low = *m_high - 1;
}

qint64 EpochSchedule::epochAt(qint64 timeMs) const
{
    const qint64 since = timeMs - m_high.value_or(timeMs);
    return since < 0 ? 0 : since / m_length;
}

qint64 EpochSchedule::startOf(qint64 epoch) const
{
    return m_high.value_or(0) + epoch * m_length;
}

} // namespace streamsync
