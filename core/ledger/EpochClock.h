#pragma once

#include <QtGlobal>

namespace streamsync {

// Epoch n covers [startMs + n·lengthMs, startMs + (n+1)·lengthMs) (docs/market.md "Genesis").
// Times before startMs fall in negative epochs.
struct EpochClock
{
    qint64 startMs = 0;
    qint64 lengthMs = 1;

    qint64 epochOf(qint64 timeMs) const
    {
        const qint64 since = timeMs - startMs;
        // Rounds towards minus infinity, unlike '/'.
        return since >= 0 ? since / lengthMs : -((-since + lengthMs - 1) / lengthMs);
    }
    qint64 startOf(qint64 epoch) const { return startMs + epoch * lengthMs; }
    qint64 endOf(qint64 epoch) const { return startMs + (epoch + 1) * lengthMs; }
};

} // namespace streamsync
