#include "storage/ManifestFiles.h"

#include "storage/DurableIo.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace streamsync {

ManifestFiles::ManifestFiles(const StoreLayout &layout) : m_layout(layout) {}

void ManifestFiles::scan()
{
    qint64 bytes = 0;
    QDirIterator it(m_layout.objectsDir(), QDir::Files);
    while (it.hasNext())
        bytes += QFileInfo(it.next()).size();
    m_usedBytes = bytes;
}

bool ManifestFiles::exists(const QByteArray &objectId) const
{
    return QFile::exists(m_layout.manifestPath(objectId));
}

Result<void> ManifestFiles::write(const ObjectManifest &manifest)
{
    const QByteArray bytes = manifest.encode();
    const QString path = m_layout.manifestPath(manifest.objectId);
    const bool replacing = QFile::exists(path);
    if (auto written = writeFileDurably(m_layout.newTmpPath(), path, bytes); !written)
        return written;
    // The same object stored again replaces an identical manifest: count it once.
    if (!replacing)
        m_usedBytes += bytes.size();
    return {};
}

Result<ObjectManifest> ManifestFiles::read(const QByteArray &objectId) const
{
    const QString path = m_layout.manifestPath(objectId);
    if (!QFile::exists(path))
        return fail(QStringLiteral("object %1 is not stored here")
                        .arg(QString::fromLatin1(objectId.toHex())));
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return Error{bytes.error()};
    auto manifest = ObjectManifest::decode(*bytes);
    if (!manifest)
        return fail(QStringLiteral("%1: %2").arg(path, manifest.error()));
    if (manifest->objectId != objectId)
        return fail(QStringLiteral("%1: manifest is for another object").arg(path));
    return manifest;
}

QList<QByteArray> ManifestFiles::objectIds() const
{
    QList<QByteArray> ids;
    for (const QString &name : QDir(m_layout.objectsDir()).entryList(QDir::Files))
        ids.append(QByteArray::fromHex(name.toLatin1()));
    return ids;
}

Result<void> ManifestFiles::remove(const QByteArray &objectId)
{
    const QString path = m_layout.manifestPath(objectId);
    const qint64 size = QFileInfo(path).size();
    QFile file(path);
    if (!file.exists())
        return fail(QStringLiteral("object %1 is not stored here")
                        .arg(QString::fromLatin1(objectId.toHex())));
    if (!file.remove())
        return fail(QStringLiteral("cannot remove %1: %2").arg(path, file.errorString()));
    m_usedBytes -= size;
    return {};
}

} // namespace streamsync
