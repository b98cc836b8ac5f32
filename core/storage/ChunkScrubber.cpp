#include "storage/ChunkScrubber.h"

#include "crypto/Sha256.h"
#include "storage/ChunkFiles.h"
#include "storage/DurableIo.h"
#include "storage/ManifestFiles.h"

#include <QFile>

namespace streamsync {

ChunkScrubber::ChunkScrubber(ChunkFiles &chunks, const ManifestFiles &manifests)
    : m_chunks(chunks), m_manifests(manifests)
{}

ScrubReport ChunkScrubber::run(const ScrubProgress &progress, const std::atomic<bool> *cancel)
{
    ScrubReport report;
    const qint64 total = m_chunks.chunkCount();
    m_chunks.forEach([&](const QByteArray &hash, const QString &path) {
        if (cancel && cancel->load()) {
            report.cancelled = true;
            return false;
        }
        check(hash, path, report);
        if (progress)
            progress(report.checkedChunks, qMax(total, report.checkedChunks));
        return true;
    });
    if (!report.cancelled)
        findAffectedObjects(report);
    return report;
}

void ChunkScrubber::check(const QByteArray &hash, const QString &path, ScrubReport &report)
{
    const auto bytes = readWholeFile(path);
    if (!bytes && !QFile::exists(path))
        return; // removed meanwhile (a refused store cleaning up): nothing to check
    ++report.checkedChunks;
    // An unreadable chunk (EIO) is as lost as a changed one.
    if (bytes && sha256(*bytes) == hash)
        return;
    if (const auto moved = m_chunks.quarantineIfCorrupt(hash)) {
        ++report.corruptChunks;
        report.corruptBytes += *moved;
        report.corruptChunkHashes.append(hash);
    }
}

void ChunkScrubber::findAffectedObjects(ScrubReport &report) const
{
    const QSet<QByteArray> corrupt(report.corruptChunkHashes.begin(),
                                   report.corruptChunkHashes.end());
    for (const QByteArray &id : m_manifests.objectIds()) {
        const auto manifest = m_manifests.read(id);
        const bool damaged =
            !manifest || std::any_of(manifest->chunkHashes.begin(), manifest->chunkHashes.end(),
                                     [&](const QByteArray &hash) {
                                         return corrupt.contains(hash) || !m_chunks.contains(hash);
                                     });
        if (damaged)
            report.affectedObjectIds.append(id);
    }
}

} // namespace streamsync
