#include "localnet/LocalNetworkLayout.h"

#include <QDir>

namespace streamsync {

QString LocalNetworkLayout::logPath(const QString &name) const
{
    return QDir(logsDir).filePath(name + QStringLiteral(".log"));
}

} // namespace streamsync
