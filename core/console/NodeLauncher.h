#pragma once

#include "console/NodeProcess.h"
#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace streamsync {
class OperatorProfile;
}

namespace streamsync::console {

// One of the operator's nodes, ready to run: its folder has the database `run` needs and an
// admin token, and the key's passphrase is at hand.
struct PreparedNode
{
    QString nodeId;
    QString name;
    QString folder;
    LifecycleState state = LifecycleState::Stopped;
    QString passphrase;
    QByteArray adminToken;
};

// Where a node joins: the network's config and the peers it dials.
struct NetworkJoin
{
    QString networkFile; // empty: run without a ledger
    QStringList peers;   // HOST:PORT@NODEID
    QString listen = QStringLiteral("127.0.0.1:0");
    // The node's first offer (µcr per query) when it has none yet; 0: none. The embedded network
    // gives one so a new node is in its market at once; the operator re-prices on the Market view.
    qint64 firstOfferMicro = 0;
};

// Worker side: makes the node's folder runnable (NodeHome::adopt for a folder that holds only
// the key the console wrote, an admin.token) and reads what the launch needs.
Result<PreparedNode> prepareNode(OperatorProfile &profile, const QString &nodeId);

// `streamsync-node run` for the node: loopback admin API with the folder's token, the network
// and its peers; the passphrase goes in the child's environment (STREAMSYNC_PASSPHRASE), never
// on its command line, which every user of the machine can read.
NodeProcess::Launch launchFor(const PreparedNode &node, const NetworkJoin &join,
                              const QString &program);

} // namespace streamsync::console
