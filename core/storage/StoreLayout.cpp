#include "storage/StoreLayout.h"

#include "storage/DurableIo.h"

#include <QDir>
#include <QRandomGenerator>

namespace streamsync {

StoreLayout::StoreLayout(const QString &root) : m_root(QDir::cleanPath(root)) {}

Result<void> StoreLayout::create() const
{
    const QStringList dirs{chunksDir(), objectsDir(), partialDir(), tmpDir(), quarantineDir()};
    for (const QString &dir : dirs) {
        if (!QDir().mkpath(dir))
            return fail(QStringLiteral("cannot create folder %1").arg(dir));
    }
    for (int i = 0; i < 256; ++i) {
        const QString dir = chunkDir(QByteArray(1, char(i)));
        if (!QDir().mkpath(dir))
            return fail(QStringLiteral("cannot create folder %1").arg(dir));
    }
    // The new folders' names must survive a crash before anything is renamed into them.
    for (const QString &dir : dirs + QStringList{m_root}) {
        if (auto synced = syncDirectory(dir); !synced)
            return synced;
    }
    return {};
}

QString StoreLayout::chunksDir() const
{
    return m_root + QStringLiteral("/chunks");
}

QString StoreLayout::chunkDir(const QByteArray &hash) const
{
    return chunksDir() + QLatin1Char('/') + QString::fromLatin1(hash.left(1).toHex());
}

QString StoreLayout::chunkPath(const QByteArray &hash) const
{
    return chunkDir(hash) + QLatin1Char('/') + QString::fromLatin1(hash.toHex());
}

QString StoreLayout::objectsDir() const
{
    return m_root + QStringLiteral("/objects");
}

QString StoreLayout::manifestPath(const QByteArray &objectId) const
{
    return objectsDir() + QLatin1Char('/') + QString::fromLatin1(objectId.toHex());
}

QString StoreLayout::partialDir() const
{
    return m_root + QStringLiteral("/partial");
}

QString StoreLayout::tmpDir() const
{
    return m_root + QStringLiteral("/tmp");
}

QString StoreLayout::quarantineDir() const
{
    return m_root + QStringLiteral("/quarantine");
}

QString StoreLayout::lockPath() const
{
    return m_root + QStringLiteral("/store.lock");
}

QString StoreLayout::newTmpPath() const
{
    return tmpDir() + QLatin1Char('/') +
           QString::number(QRandomGenerator::system()->generate64(), 16);
}

} // namespace streamsync
