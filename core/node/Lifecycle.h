#pragma once

#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace streamsync {

// Who asks for a transition. Stored with every transition, so the names are part of the schema.
enum class Actor { Operator, Protocol, Node };

QString toString(Actor actor);
std::optional<Actor> actorFromString(const QString &name);

// The node state machine of DESIGN §5, pure (no I/O, no clock):
//   Provisioning → Stopped → Starting → Online ⇄ Paused;  Online/Paused → Draining → Exited →
//   Retired; every state but Retired (and Failed itself) → Failed;  Failed → Stopped (restart);
//   Starting/Online/Paused → Suspended (protocol only);  Suspended → Stopped/Draining (operator
//   only).
// Retired is terminal. That Failed needs a reason is checked by NodeRepository, which has the text.

// The states `who` may move a node to from `from`, in declaration order.
QList<LifecycleState> allowedTargets(LifecycleState from, Actor who);

// Ok when `who` may move a node from `from` to `to`; otherwise an error naming the current state
// and listing what is allowed, e.g. "cannot go from Stopped to Paused; from Stopped a node can go
// to: Starting, Failed".
Result<void> checkTransition(LifecycleState from, LifecycleState to, Actor who);

} // namespace streamsync
