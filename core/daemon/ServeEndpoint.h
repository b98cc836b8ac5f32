#pragma once

#include "daemon/PeerAddress.h"
#include "util/Result.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace streamsync {

// Where an operator endpoint (metrics, admin API) listens, if at all (DESIGN §8: loopback only
// unless configured). Off when `address` is empty.
struct ServeEndpoint
{
    std::optional<PeerAddress> address; // port 0: a free port chosen by the system
    bool allowRemote = false;

    bool enabled() const { return address.has_value(); }
    // The IP address to bind: refuses a host name (binding one name to several addresses would
    // make "loopback only" ambiguous) and, unless allowRemote, any non-loopback address, naming
    // `allowFlag` as the way to allow it.
    Result<QHostAddress> bindAddress(const QString &allowFlag) const;
};

} // namespace streamsync
