#pragma once

#include "node/LifecycleState.h"

#include <QList>
#include <QString>
#include <QtGlobal>

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
    // What an operator may move the node to from `state`, so a console offers only those.
    QList<LifecycleState> allowedTargets;
};

} // namespace streamsync
