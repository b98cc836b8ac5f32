#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace streamsync {

// The states of a node's life (DESIGN §5). The names are stored in the database as written, so
// renaming an enumerator needs a migration.
enum class LifecycleState {
    Provisioning,
    Stopped,
    Starting,
    Online,
    Paused,
    Draining,
    Exited,
    Retired,
    Failed,
    Suspended,
};

// Every state, in declaration order (the order used when listing allowed targets).
QList<LifecycleState> allLifecycleStates();

QString toString(LifecycleState state);
std::optional<LifecycleState> lifecycleStateFromString(const QString &name);

} // namespace streamsync
