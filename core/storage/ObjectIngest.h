#pragma once

#include "storage/ObjectManifest.h"
#include "util/Result.h"

#include <QByteArray>

class QIODevice;
class QThreadPool;

namespace streamsync {

class ChunkBuffer;
class ChunkFiles;
class ChunkWriter;
class ManifestFiles;
class PartialJournal;
class SpaceGuard;
class StoreLayout;

// What a caller may declare about an object before streaming it.
struct StoreRequest
{
    // The id the customer announced; the object is refused if its bytes give another. Known
    // up front, it is journaled, so an interrupted store reports the object Incomplete.
    QByteArray expectedId;
    // The size, for a stream whose device cannot tell (a socket); -1 if unknown. For a file
    // or buffer the size is read from the device.
    qint64 expectedSize = -1;
};

// Streams one object into a chunk store: reads chunk-sized pieces, admits each against the
// quota and free space, hands it to a ChunkWriter (which hashes and stores it), and writes the
// manifest last. A refused or failed store removes the chunks it created and its journal.
class ObjectIngest
{
public:
    struct Context
    {
        const StoreLayout &layout;
        ChunkFiles &chunks;
        ManifestFiles &manifests;
        SpaceGuard &space;
        QThreadPool &pool;
        qint64 maxChunkBytes;
        int window;
    };

    ObjectIngest(const Context &context, const StoreRequest &request);

    Result<ObjectManifest> run(QIODevice &in);

private:
    qint64 knownSize(const QIODevice &in) const;
    qint64 usedBytes() const;
    Result<void> reserve(const QIODevice &in);
    Result<ObjectManifest> ingestAndSeal(QIODevice &in, ChunkWriter &writer);
    Result<ObjectManifest> ingest(QIODevice &in, ChunkWriter &writer);
    Result<void> readChunk(QIODevice &in, ChunkBuffer &chunk) const;
    Result<void> admitChunk(const ChunkWriter &writer, qint64 chunkBytes, qint64 objectBytes);
    Result<void> checkDeclared(const ObjectManifest &manifest) const;
    void dropStaleJournals(const QByteArray &objectId, const PartialJournal &current) const;

    Context m_context;
    StoreRequest m_request;
};

} // namespace streamsync
