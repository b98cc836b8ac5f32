#include "daemon/UploadTable.h"

#include "crypto/Sha256.h"
#include "storage/ChunkStore.h"

namespace streamsync {

UploadTable::UploadTable(ChunkStore &store) : m_store(store) {}

Result<std::shared_ptr<ChunkUpload>> UploadTable::open(const ObjectManifest &manifest)
{
    const QByteArray key = sha256(manifest.encode());
    QMutexLocker lock(&m_mutex);
    if (auto running = m_uploads.value(key).lock())
        return running;
    prune();
    // Under the lock, so two connections announcing it at once do not start two journals.
    auto begun = m_store.beginUpload(manifest);
    if (!begun)
        return Error{begun.error()};
    std::shared_ptr<ChunkUpload> upload = std::move(begun).value();
    if (!upload->isComplete())
        m_uploads.insert(key, upload);
    return upload;
}

void UploadTable::prune()
{
    for (auto it = m_uploads.begin(); it != m_uploads.end();) {
        if (it->expired())
            it = m_uploads.erase(it);
        else
            ++it;
    }
}

} // namespace streamsync
