#pragma once

#include "node/LifecycleState.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace streamsync {

// One row of the `nodes` table: a storage node this operator runs.
struct NodeRecord
{
    QString id;     // node id, hex
    QString name;   // operator-chosen, unique
    QString folder; // where the node keeps its data
    qint64 quotaBytes = 0;
    qint64 usedBytes = 0;
    LifecycleState state = LifecycleState::Provisioning;
    QByteArray publicKey;
    qint64 createdMs = 0; // Unix epoch milliseconds
};

} // namespace streamsync
