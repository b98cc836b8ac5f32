#pragma once

#include <QtGlobal>

#include <optional>

namespace streamsync {

// Which epoch a moment falls in (docs/market.md: epoch n covers [start + n·length,
// start + (n+1)·length)). The start is the genesis' start_ms when the customer holds the genesis
// event; otherwise it is narrowed down from the nodes' market replies (now_ms, epoch): each
// reply bounds the start to one epoch length, and a reply just after a boundary pins it to the
// refresh interval. Until then the latest start the replies allow is used, so an estimate never
// puts a query in an epoch the nodes have not reached.
class EpochSchedule
{
public:
    explicit EpochSchedule(qint64 lengthMs) : m_length(qMax<qint64>(1, lengthMs)) {}

    void setStart(qint64 startMs);
    // A node's (now_ms, epoch) from a market reply.
    void observe(qint64 nowMs, qint64 epoch);
    bool isKnown() const { return m_high.has_value(); }

    qint64 lengthMs() const { return m_length; }
    qint64 epochAt(qint64 timeMs) const;
    qint64 startOf(qint64 epoch) const;
    qint64 endOf(qint64 epoch) const { return startOf(epoch + 1); }

private:
    qint64 m_length;
    std::optional<qint64> m_low;  // the start is > this
    std::optional<qint64> m_high; // the start is <= this
    bool m_exact = false;
};

} // namespace streamsync
