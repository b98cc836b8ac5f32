#pragma once

#include "daemon/HandoffProgress.h"
#include "node/LifecycleState.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace streamsync {

// A node as its admin API reports it (GET /v1/status, and the answer to POST /v1/lifecycle).
struct AdminStatus
{
    QString nodeId;  // full id, hex
    QString shortId; // base32, grouped, for display
    QString name;
    LifecycleState state = LifecycleState::Provisioning;
    qint64 quotaBytes = 0;
    qint64 usedBytes = 0;
    int peers = 0;
    qint64 logEvents = 0;
    // A drain's handoff of the stored objects, once the node has drained.
    std::optional<HandoffProgress> handoff;
    // What an operator may move the node to from `state`, so a console offers only those.
    QList<LifecycleState> allowedTargets;
};

} // namespace streamsync
