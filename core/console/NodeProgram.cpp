#include "console/NodeProgram.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace streamsync::console {

namespace {

const QString kName = QStringLiteral("streamsync-node");

bool isExecutable(const QString &path)
{
    const QFileInfo info(path);
    return !path.isEmpty() && info.isFile() && info.isExecutable();
}

QStringList candidates()
{
    QStringList list{qEnvironmentVariable("STREAMSYNC_NODE_BIN")};
    if (QCoreApplication::instance()) {
        const QDir here(QCoreApplication::applicationDirPath());
        list << here.filePath(kName) << here.filePath(QStringLiteral("../streamsync-node/") + kName)
             << here.filePath(QStringLiteral("../app/streamsync-node/") + kName);
    }
#ifdef STREAMSYNC_NODE_BUILD_PATH
    list << QStringLiteral(STREAMSYNC_NODE_BUILD_PATH);
#endif
    return list;
}

} // namespace

Result<QString> locateNodeProgram(const QString &configured)
{
    if (!configured.isEmpty()) {
        if (isExecutable(configured))
            return QFileInfo(configured).absoluteFilePath();
        return fail(
            QStringLiteral("the node program %1 is not an executable file").arg(configured));
    }
    for (const QString &path : candidates()) {
        if (isExecutable(path))
            return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    }
    return fail(QStringLiteral("cannot find the streamsync-node program next to the console; set "
                               "STREAMSYNC_NODE_BIN to its path"));
}

} // namespace streamsync::console
