#pragma once

#include "util/Result.h"

#include <QString>

namespace streamsync::console {

// Where the `streamsync-node` binary the console runs its nodes and the local network with is:
// `$STREAMSYNC_NODE_BIN`, else next to the running executable (an installed console, or
// app/streamsync-operator/ next to app/streamsync-node/ in a build tree), else the build tree
// this library was built in. The first that is an executable file wins.
Result<QString> locateNodeProgram(const QString &configured = {});

} // namespace streamsync::console
