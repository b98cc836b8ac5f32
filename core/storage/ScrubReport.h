#pragma once

#include <QByteArray>
#include <QList>

#include <functional>

namespace streamsync {

// What a scrub found (DESIGN §6). Corrupt chunks were moved to quarantine/; affected objects
// are those that now lack a chunk (corrupt now or quarantined earlier) or whose manifest is
// damaged: they need repair from other nodes.
struct ScrubReport
{
    qint64 checkedChunks = 0;
    qint64 corruptChunks = 0;
    qint64 corruptBytes = 0;
    QList<QByteArray> corruptChunkHashes;
    QList<QByteArray> affectedObjectIds;
    bool cancelled = false;
};

// Called on the scrubbing thread after each chunk: (chunks checked, chunks in the store).
using ScrubProgress = std::function<void(qint64 checked, qint64 total)>;

} // namespace streamsync
