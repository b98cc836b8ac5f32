#pragma once

#include "crypto/NodeId.h"
#include "util/Result.h"

#include <QString>

namespace streamsync {

// Where to reach a node and who it must be: `HOST:PORT` for --listen, `HOST:PORT@NODEIDHEX` for
// --peer (the id is pinned, DESIGN §2, so a peer is never trusted for its address alone). An
// IPv6 host is written in brackets: `[::1]:7000`.
struct PeerAddress
{
    QString host;
    quint16 port = 0;
    NodeId nodeId; // null for a listen address

    // `allowPortZero`: for --listen, where 0 asks the system for a free port.
    static Result<PeerAddress> parseEndpoint(const QString &text, bool allowPortZero);
    static Result<PeerAddress> parsePeer(const QString &text);

    QString endpointText() const;
};

} // namespace streamsync
