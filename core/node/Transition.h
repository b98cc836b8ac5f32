#pragma once

#include "node/Lifecycle.h"
#include "node/LifecycleState.h"

#include <QString>
#include <QtGlobal>

namespace streamsync {

// One row of a node's history (the `transitions` table).
struct Transition
{
    QString nodeId;
    LifecycleState from = LifecycleState::Provisioning;
    LifecycleState to = LifecycleState::Provisioning;
    qint64 atMs = 0; // Unix epoch milliseconds, from the injected Clock
    QString why;
    Actor who = Actor::Operator;
};

} // namespace streamsync
