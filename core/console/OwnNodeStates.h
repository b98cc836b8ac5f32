#pragma once

#include "interfaces/OperatorService.h"

#include <QList>

namespace streamsync {
class OperatorProfile;
}

namespace streamsync::console {

// What the operator's running nodes know of themselves that the profile does not: the bytes
// they store, a drain's handoff of that data, and a suspension the protocol imposed (the node's
// process moves itself to Suspended when the ledger finds its accuracy under the threshold).
// Read from each node's own database, read-only, on the worker thread.
class OwnNodeStates
{
public:
    // The node's stored bytes from its database; the profile's figure while it has none.
    static qint64 usedBytes(const interfaces::NodeSummary &node);
    // Each node with its stored bytes and its handoff progress (if it drained).
    static QList<interfaces::NodeSummary> withUsage(QList<interfaces::NodeSummary> nodes);
    // Records, as the protocol, the suspension of every node whose process is Suspended while
    // the profile still has it running; returns the nodes that changed.
    static QList<interfaces::NodeSummary> syncSuspensions(OperatorProfile &profile);
    // Records Exited, as the node, for every draining node whose process handed all its data
    // off (and moved itself to Exited); returns the nodes that changed (their processes are
    // then stopped).
    static QList<interfaces::NodeSummary> syncDrains(OperatorProfile &profile);
};

} // namespace streamsync::console
