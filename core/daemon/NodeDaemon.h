#pragma once

#include "daemon/DaemonOptions.h"
#include "daemon/MetricsRegistry.h"
#include "gossip/GossipMetrics.h"
#include "ledger/NetworkConfig.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"
#include "node/LifecycleState.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QLockFile;

namespace streamsync {

class Clock;
class DataHandoff;
class GossipEngine;
class LedgerService;
class NodeHome;
class OperatorEndpoints;
class PeerDialer;
class PeerServer;
class StorageService;

// A headless node at work (`streamsync-node run`): its data folder (key unlocked, database
// open), a TLS listener, the configured outgoing peers (redialled with backoff) and the gossip
// of its log. One daemon per folder: `run.pid` in the folder is a lock file naming the process.
//
// Lifecycle (DESIGN §5), decided here because the state machine has no edge back to Stopped:
//   start from Stopped: Starting, then Online once listening; from Failed: Stopped first;
//   from Starting (a start that died half-way): Online once listening; Online (the previous run
//   ended by a signal or a crash): stays Online; Paused, Draining and Suspended are kept (gossip
//   still runs; they govern serving, not the log). Provisioning, Exited and Retired refuse to run.
//   A listener that cannot start moves the node to Failed with the reason.
//   Draining hands the stored objects off to the peers (DataHandoff) and unbonds the stake; once
//   every object is held elsewhere the node moves itself to Exited.
//   Shutdown records nothing: a process exit is neither an operator's nor the protocol's
//   decision, and peers learn whether a node answers from their liveness probes (uptime,
//   DESIGN §3), not from a goodbye the node may never get to sign after a crash.
class NodeDaemon : public QObject
{
    Q_OBJECT

public:
    NodeDaemon(DaemonOptions options, const Clock &clock, QObject *parent = nullptr);
    ~NodeDaemon() override;

    Result<void> start(const QString &passphrase);
    // Stops accepting, closes every peer, then (after a short grace for their last frames)
    // closes the database and emits stopped(). Safe to call more than once.
    void stop(const QString &reason);

    // "HOST:PORT" actually listened on (the chosen port when 0 was asked for).
    QString listenText() const;
    QString idHex() const;
    QString shortId() const;
    GossipMetrics metrics() const;
    // What the node's components update for /metrics (usable from construction on).
    MetricsRegistry &metricsRegistry() { return *m_registry; }
    // "HOST:PORT" of the metrics server and the admin API, empty when off.
    QString metricsText() const;
    QString adminText() const;

Q_SIGNALS:
    void stopped();

private:
    Result<void> openHome();
    Result<void> lockFolder();
    Result<void> unlockKey(const QString &passphrase);
    Result<void> enterStarting();
    Result<void> listen();
    Result<void> enterOnline();
    Result<void> startGossip();
    Result<void> startStorage();
    Result<void> loadNetwork();
    Result<void> startLedger();
    Result<void> unlockGenesisKey(const QString &passphrase);
    void acceptPeer(PeerConnection *connection);
    void attachMarket(PeerConnection *connection);
    void dialPeers();
    void finishStop();
    void logSummary() const;
    Result<void> startEndpoints();
    void onOperatorLifecycle(LifecycleState state);
    void followState(LifecycleState state);
    void finishDrain();

    DaemonOptions m_options;
    const Clock &m_clock;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<NodeHome> m_home;
    std::optional<NodeCertificate> m_identity;
    TransportConfig m_transport;
    std::unique_ptr<GossipEngine> m_gossip;
    std::unique_ptr<StorageService> m_storage;
    std::unique_ptr<DataHandoff> m_handoff; // while Draining
    // The network's rules: its config's with --network, else the defaults.
    Parameters m_params;
    // With --network only.
    std::optional<NetworkConfig> m_network;
    std::optional<Ed25519SigningKey> m_genesisKey; // --genesis-key
    std::unique_ptr<LedgerService> m_ledger;
    std::unique_ptr<PeerServer> m_server;
    QList<PeerDialer *> m_dialers;
    quint32 m_seed = 1;
    std::unique_ptr<MetricsRegistry> m_registry;
    std::unique_ptr<OperatorEndpoints> m_endpoints;
    bool m_stopping = false;
};

} // namespace streamsync
