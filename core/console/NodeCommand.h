#pragma once

#include "util/Result.h"

#include <QFuture>
#include <QProcessEnvironment>
#include <QStringList>

class QObject;

namespace streamsync::console {

// Runs one `streamsync-node` command (`offer`, `bond`, `unbond` against a node's folder) as an
// asynchronous child process on `context`'s thread. Resolves with what it printed on stdout, or
// with its one-line reason (stderr) when it exits non-zero, fails to start or outlasts the
// timeout. The key's passphrase goes in `environment`, never in `arguments`.
QFuture<Result<QString>> runNodeCommand(QObject *context, const QString &program,
                                        const QStringList &arguments,
                                        const QProcessEnvironment &environment,
                                        int timeoutMs = 60'000);

} // namespace streamsync::console
