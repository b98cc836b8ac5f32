#pragma once

#include "storage/ScrubReport.h"

#include <QSet>

#include <atomic>

namespace streamsync {

class ChunkFiles;
class ManifestFiles;

// Re-hashes every chunk, quarantines the corrupt ones and names the objects that lost a chunk.
// Reads without locks; only the quarantine step takes the chunk folder's lock, so stores,
// reads and fetches go on while it runs.
class ChunkScrubber
{
public:
    ChunkScrubber(ChunkFiles &chunks, const ManifestFiles &manifests);

    ScrubReport run(const ScrubProgress &progress, const std::atomic<bool> *cancel);

private:
    void check(const QByteArray &hash, const QString &path, ScrubReport &report);
    void findAffectedObjects(ScrubReport &report) const;

    ChunkFiles &m_chunks;
    const ManifestFiles &m_manifests;
};

} // namespace streamsync
