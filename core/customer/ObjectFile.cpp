#include "customer/ObjectFile.h"

#include "crypto/Sha256.h"
#include "storage/MerkleTree.h"

namespace streamsync {

ObjectFile::ObjectFile(const QString &path, qint64 chunkBytes)
    : m_file(path), m_chunkBytes(chunkBytes)
{}

Result<std::unique_ptr<ObjectFile>> ObjectFile::open(const QString &path, qint64 chunkBytes)
{
    if (chunkBytes <= 0)
        return fail(QStringLiteral("the chunk size must be positive"));
    std::unique_ptr<ObjectFile> file(new ObjectFile(path, chunkBytes));
    if (!file->m_file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file->m_file.errorString()));
    if (auto scanned = file->scan(); !scanned)
        return Error{scanned.error()};
    return file;
}

Result<void> ObjectFile::scan()
{
    // An empty object has no chunk to query or prove; the network does not store it.
    if (m_file.size() == 0)
        return fail(
            QStringLiteral("%1 is empty: there is nothing to store").arg(m_file.fileName()));
    while (!m_file.atEnd()) {
        const QByteArray bytes = m_file.read(m_chunkBytes);
        if (bytes.isEmpty())
            return fail(
                QStringLiteral("cannot read %1: %2").arg(m_file.fileName(), m_file.errorString()));
        m_manifest.size += bytes.size();
        m_manifest.chunkHashes.append(sha256(bytes));
        m_manifest.leafHashes.append(MerkleTree::leafHash(bytes));
    }
    m_manifest.objectId = MerkleTree::root(m_manifest.leafHashes);
    return {};
}

Result<QByteArray> ObjectFile::chunk(qint64 index)
{
    if (index < 0 || index >= m_manifest.chunkCount() || !m_file.seek(index * m_chunkBytes))
        return fail(QStringLiteral("%1 has no chunk %2").arg(m_file.fileName()).arg(index));
    QByteArray bytes = m_file.read(m_chunkBytes);
    if (sha256(bytes) != m_manifest.chunkHashes[index])
        return fail(QStringLiteral("%1 changed while it was being stored (chunk %2)")
                        .arg(m_file.fileName())
                        .arg(index));
    return bytes;
}

} // namespace streamsync
