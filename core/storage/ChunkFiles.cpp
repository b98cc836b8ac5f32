#include "storage/ChunkFiles.h"

#include "crypto/Sha256.h"
#include "storage/DurableIo.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>

namespace streamsync {

namespace {

QString shortHex(const QByteArray &hash)
{
    return QString::fromLatin1(hash.toHex().left(16));
}

} // namespace

ChunkFiles::ChunkFiles(const StoreLayout &layout) : m_layout(layout) {}

bool ChunkFiles::isChunkName(const QString &name)
{
    if (name.size() != 64)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
               (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
    });
}

void ChunkFiles::forEach(const Visitor &visit) const
{
    for (int i = 0; i < 256; ++i) {
        const QByteArray prefix(1, char(i));
        QDirIterator it(m_layout.chunkDir(prefix), QDir::Files);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString name = it.fileName();
            const QByteArray hash = QByteArray::fromHex(name.toLatin1());
            // Stray files (not a hash, or in the wrong fan-out folder) are not chunks.
            if (!isChunkName(name) || !hash.startsWith(prefix))
                continue;
            if (!visit(hash, path))
                return;
        }
    }
}

void ChunkFiles::scan()
{
    qint64 bytes = 0;
    qint64 count = 0;
    forEach([&](const QByteArray &, const QString &path) {
        bytes += QFileInfo(path).size();
        ++count;
        return true;
    });
    m_usedBytes = bytes;
    m_chunkCount = count;
}

bool ChunkFiles::isIntact(const QByteArray &hash) const
{
    const auto bytes = readUnverified(hash);
    return bytes && sha256(*bytes) == hash;
}

Result<ChunkFiles::Outcome> ChunkFiles::put(const QByteArray &hash, QByteArrayView bytes,
                                            const std::function<Result<void>()> &beforePublish)
{
    if (contains(hash)) {
        if (isIntact(hash))
            return Outcome::Existed;
        // A damaged copy must not stand in for these good bytes: move it aside, store anew.
        quarantineIfCorrupt(hash);
    }
    const QString tmpPath = m_layout.newTmpPath();
    if (auto written = writeNewFile(tmpPath, bytes); !written)
        return Error{written.error()};
    if (auto journaled = beforePublish ? beforePublish() : Result<void>(); !journaled) {
        QFile::remove(tmpPath);
        return Error{journaled.error()};
    }
    auto published = publish(tmpPath, hash, bytes.size());
    if (!published)
        return Error{published.error()};
    return *published ? Outcome::Created : Outcome::Existed;
}

Result<bool> ChunkFiles::publish(const QString &tmpPath, const QByteArray &hash, qint64 size)
{
    const QString path = m_layout.chunkPath(hash);
    QMutexLocker lock(&m_mutex);
    // Another writer may have published the same bytes meanwhile; keep theirs.
    if (QFile::exists(path)) {
        QFile::remove(tmpPath);
        return false;
    }
    if (auto renamed = renameFile(tmpPath, path); !renamed) {
        QFile::remove(tmpPath);
        return Error{renamed.error()};
    }
    m_usedBytes += size;
    ++m_chunkCount;
    return true;
}

bool ChunkFiles::contains(const QByteArray &hash) const
{
    return QFile::exists(m_layout.chunkPath(hash));
}

Result<QByteArray> ChunkFiles::readUnverified(const QByteArray &hash) const
{
    if (!contains(hash))
        return fail(QStringLiteral("chunk %1 is not stored here").arg(shortHex(hash)));
    return readWholeFile(m_layout.chunkPath(hash));
}

Result<QByteArray> ChunkFiles::read(const QByteArray &hash) const
{
    auto bytes = readUnverified(hash);
    if (bytes && sha256(*bytes) != hash)
        return fail(QStringLiteral("chunk %1 is corrupt on disk (its bytes no longer match its "
                                   "hash); a scrub will quarantine it")
                        .arg(shortHex(hash)));
    return bytes;
}

void ChunkFiles::remove(const QByteArray &hash)
{
    const QString path = m_layout.chunkPath(hash);
    QMutexLocker lock(&m_mutex);
    const qint64 size = QFileInfo(path).size();
    if (QFile::remove(path)) {
        m_usedBytes -= size;
        --m_chunkCount;
    }
}

std::optional<qint64> ChunkFiles::quarantineIfCorrupt(const QByteArray &hash)
{
    const QString path = m_layout.chunkPath(hash);
    QMutexLocker lock(&m_mutex);
    // Checked again under the lock: a store may have replaced a damaged copy meanwhile.
    if (!QFile::exists(path) || isIntact(hash))
        return std::nullopt;
    const qint64 size = QFileInfo(path).size();
    const QString target = QStringLiteral("%1/%2.%3")
                               .arg(m_layout.quarantineDir(), QString::fromLatin1(hash.toHex()),
                                    QString::number(QRandomGenerator::global()->generate(), 16));
    if (!renameFile(path, target))
        return std::nullopt;
    m_usedBytes -= size;
    --m_chunkCount;
    return size;
}

} // namespace streamsync
