#pragma once

#include "storage/ObjectManifest.h"
#include "storage/StoreLayout.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

#include <atomic>

namespace streamsync {

// The objects/ folder: one manifest per complete object, named by the hex object id. A
// manifest is written last and durably, so its presence is what makes an object complete.
// Thread-safe: manifests are only ever added whole (by rename), read, or removed whole.
class ManifestFiles
{
public:
    explicit ManifestFiles(const StoreLayout &layout);

    // Counts the manifests' bytes once at open.
    void scan();
    qint64 usedBytes() const { return m_usedBytes.load(); }

    bool exists(const QByteArray &objectId) const;
    // tmp/ → fsync → rename → fsync of objects/.
    Result<void> write(const ObjectManifest &manifest);
    // Refused unless it decodes, its leaves hash to its id and the id is its file name.
    Result<ObjectManifest> read(const QByteArray &objectId) const;
    QList<QByteArray> objectIds() const;
    // Removes the manifest: the object is no longer complete here (its chunks are the caller's).
    Result<void> remove(const QByteArray &objectId);

private:
    const StoreLayout &m_layout;
    std::atomic<qint64> m_usedBytes{0};
};

} // namespace streamsync
