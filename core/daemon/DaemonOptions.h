#pragma once

#include "daemon/DataHandoff.h"
#include "daemon/MarketSettings.h"
#include "daemon/OperatorEndpointOptions.h"
#include "daemon/PeerAddress.h"
#include "daemon/PeerDialer.h"
#include "daemon/ServeHooks.h"
#include "daemon/ServingProfile.h"
#include "gossip/GossipConfig.h"

#include <QList>
#include <QString>

#include <optional>

namespace streamsync {

// What `streamsync-node run` was asked to do (DESIGN §10).
struct DaemonOptions
{
    QString dataDir;
    PeerAddress listen; // port 0: a free port chosen by the system
    QList<PeerAddress> peers;
    GossipConfig gossip;
    PeerDialer::Backoff reconnect;
    // Seeds peer choice and dialling jitter; by default derived from the node id, so each node
    // differs from its neighbours yet a run can be replayed.
    std::optional<quint32> seed;
    // --metrics and --admin (off unless given).
    OperatorEndpointOptions endpoints;
    // --network, --offer-price, --bond, --strategy, --cost-floor.
    MarketSettings market;
    // --latency-ms, --fail-rate, --capacity-bytes: the hardware a local-network node plays.
    ServingProfile::Settings serving;
    // How a drain retries and times out its handoff (tests shorten the retry).
    DataHandoff::Settings handoff;
    // The environment's test hooks, plus --test-corrupt-answers (README "Test hooks").
    ServeHooks hooks = ServeHooks::fromEnvironment();
};

} // namespace streamsync
