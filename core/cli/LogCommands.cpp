#include "cli/Commands.h"

namespace streamsync::cli {

int runLog(const QStringList &)
{
    return failWith(QStringLiteral("log commands are not built yet"));
}

} // namespace streamsync::cli
