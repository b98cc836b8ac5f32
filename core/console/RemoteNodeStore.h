#pragma once

#include "util/Result.h"

#include <QList>
#include <QString>

namespace streamsync {
class OperatorProfile;
}

namespace streamsync::console {

// A node on another machine that the console manages through its admin API (DESIGN §8).
struct RemoteNode
{
    QString id; // hex, pinned by the admin API's TLS certificate
    QString name;
    QString address; // HOST:PORT of the admin API
    QString token;
    qint64 addedMs = 0;

    QString pinned() const { return address + QLatin1Char('@') + id; }
};

// The `remote_nodes` table of the operator's profile. Used on the profile's worker thread, with
// the operator key unlocked: each admin token is sealed with a key derived from it (SecretBox,
// bound to the node's id); a token stored in plain text by an older console is sealed when the
// list is first read.
class RemoteNodeStore
{
public:
    static Result<QList<RemoteNode>> list(OperatorProfile &profile);
    // Refuses a second node of the same id or name, naming it.
    static Result<void> add(OperatorProfile &profile, const RemoteNode &node);
};

} // namespace streamsync::console
