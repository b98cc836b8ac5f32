#pragma once

#include "storage/ObjectSource.h"
#include "util/Result.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <memory>

namespace streamsync {

// A local file cut into chunks for upload (DESIGN §6): chunk i is bytes [i·c, (i+1)·c) for the
// chunk size c, the last one shorter. open() reads the file once to compute the manifest (each
// chunk's SHA-256 and RFC 6962 leaf hash, the object id = Merkle root); chunk() reads a chunk
// again when it is sent, so memory holds only what is in flight, not the file.
class ObjectFile : public ObjectSource
{
public:
    static Result<std::unique_ptr<ObjectFile>> open(const QString &path, qint64 chunkBytes);

    const ObjectManifest &manifest() const override { return m_manifest; }
    // Re-read from disk and checked against the manifest: a file changed since open() is an
    // error, not a silently different object.
    Result<QByteArray> chunk(qint64 index) override;

private:
    ObjectFile(const QString &path, qint64 chunkBytes);
    Result<void> scan();

    QFile m_file;
    qint64 m_chunkBytes;
    ObjectManifest m_manifest;
};

} // namespace streamsync
