#include "daemon/NodeDaemon.h"

#include "daemon/DataHandoff.h"

#include "crypto/KeyFile.h"
#include "daemon/DaemonLog.h"
#include "daemon/DataHandoff.h"
#include "daemon/GossipJoin.h"
#include "daemon/LedgerService.h"
#include "daemon/MarketSession.h"
#include "daemon/NodeMetrics.h"
#include "daemon/OperatorEndpoints.h"
#include "daemon/PeerDialer.h"
#include "daemon/StorageService.h"
#include "gossip/GossipEngine.h"
#include "ledger/NetworkConfig.h"
#include "log/EventStore.h"
#include "net/PeerConnection.h"
#include "net/PeerServer.h"
#include "node/NodeHome.h"
#include "params/Parameters.h"
#include "util/Clock.h"

#include <QDir>
#include <QHostAddress>
#include <QLockFile>
#include <QTimer>
#include <QtEndian>

#include <chrono>

namespace streamsync {

namespace {

// Long enough for closing connections to hand their last frames to the kernel.
constexpr std::chrono::milliseconds kStopGrace{200};

Result<QHostAddress> listenAddress(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(host))
        return fail(QStringLiteral("cannot listen on '%1': give an IP address such as 127.0.0.1 "
                                   "or 0.0.0.0")
                        .arg(host));
    return address;
}

} // namespace

NodeDaemon::NodeDaemon(DaemonOptions options, const Clock &clock, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_clock(clock),
      m_registry(std::make_unique<MetricsRegistry>())
{
    declareNodeMetrics(*m_registry);
}

NodeDaemon::~NodeDaemon()
{
    // The engine refers to the store and the dialers' connections to the identity: tear down in
    // the reverse order of start().
    m_endpoints.reset();
    m_handoff.reset();
    m_ledger.reset();
    m_gossip.reset();
    qDeleteAll(m_dialers);
    m_server.reset();
    m_storage.reset();
    m_home.reset();
}

Result<void> NodeDaemon::start(const QString &passphrase)
{
    // The folder is locked before the (deliberately slow) key derivation, so a second daemon on
    // the same folder is told at once.
    if (auto opened = openHome(); !opened)
        return opened;
    if (auto locked = lockFolder(); !locked)
        return locked;
    // Before the key derivation too: a bad network file is reported at once.
    if (auto network = loadNetwork(); !network)
        return network;
    if (auto unlocked = unlockKey(passphrase); !unlocked)
        return unlocked;
    if (auto genesis = unlockGenesisKey(passphrase); !genesis)
        return genesis;
    if (auto serving = startEndpoints(); !serving)
        return serving;
    for (auto step :
         {&NodeDaemon::enterStarting, &NodeDaemon::startGossip, &NodeDaemon::startStorage,
          &NodeDaemon::startLedger, &NodeDaemon::listen, &NodeDaemon::enterOnline}) {
        if (auto done = (this->*step)(); !done)
            return done;
    }
    // Serving follows the state just entered.
    m_storage->refresh();
    connect(m_storage.get(), &StorageService::stateChanged, this, &NodeDaemon::followState);
    dialPeers();
    followState(m_storage->state());
    return {};
}

Result<void> NodeDaemon::openHome()
{
    auto home = NodeHome::open(m_options.dataDir, m_clock);
    if (!home)
        return Error{home.error()};
    m_home = std::move(home).value();
    return {};
}

Result<void> NodeDaemon::unlockKey(const QString &passphrase)
{
    if (auto unlocked = m_home->unlock(passphrase); !unlocked)
        return unlocked;
    auto identity = NodeCertificate::create(*m_home->signingKey());
    if (!identity)
        return Error{identity.error()};
    m_identity = identity.value();
    // Peers must run the same rules: the hello compares their hash.
    m_transport.paramsHash = m_params.hash();
    m_options.gossip.maxEventBytes = m_params.maxEventBytes;
    m_seed =
        m_options.seed.value_or(qFromBigEndian<quint32>(m_identity->nodeId().bytes().constData()));
    m_options.gossip.seed = m_seed;
    return {};
}

Result<void> NodeDaemon::lockFolder()
{
    const QString path = QDir(m_home->dir()).filePath(QStringLiteral("run.pid"));
    m_lock = std::make_unique<QLockFile>(path);
    // QLockFile treats the lock of a process that is gone as stale (a crash or kill -9 does not
    // block the next start); 0 turns off its age rule, under which a second daemon would take
    // over the lock of a live one after 30 s.
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0))
        return {};
    qint64 pid = 0;
    QString host;
    QString application;
    m_lock->getLockInfo(&pid, &host, &application);
    m_lock.reset();
    return fail(QStringLiteral("%1 is already run by process %2 (%3); stop it first")
                    .arg(m_home->dir())
                    .arg(pid)
                    .arg(path));
}

Result<void> NodeDaemon::enterStarting()
{
    const auto record = m_home->record();
    if (!record)
        return Error{record.error()};
    const LifecycleState state = record->state;
    if (state == LifecycleState::Provisioning || state == LifecycleState::Exited ||
        state == LifecycleState::Retired)
        return fail(QStringLiteral("the node is %1; a daemon cannot run it").arg(toString(state)));
    if (state == LifecycleState::Failed) {
        if (auto moved = m_home->transition(
                LifecycleState::Stopped, QStringLiteral("restarted after a failure"), Actor::Node);
            !moved)
            return Error{moved.error()};
    }
    if (state != LifecycleState::Stopped && state != LifecycleState::Failed)
        return {};
    const auto starting = m_home->transition(LifecycleState::Starting,
                                             QStringLiteral("daemon starting"), Actor::Node);
    return starting ? Result<void>() : Result<void>(Error{starting.error()});
}

Result<void> NodeDaemon::startGossip()
{
    m_gossip = std::make_unique<GossipEngine>(m_home->log(), m_home->database(), m_clock,
                                              m_options.gossip);
    return m_gossip->start();
}

Result<void> NodeDaemon::startStorage()
{
    const ServingProfile profile(m_options.serving, m_seed);
    m_storage = std::make_unique<StorageService>(*m_home, m_options.hooks, profile);
    return m_storage->open();
}

// The network's config (--network): its rules replace the defaults, and a copy is kept in the
// folder so the `offer` and `bond` commands check against the same bounds.
Result<void> NodeDaemon::loadNetwork()
{
    if (!m_options.market.enabled())
        return {};
    auto config = NetworkConfig::load(m_options.market.networkFile);
    if (!config)
        return Error{config.error()};
    m_network = config.value();
    m_params = m_network->params;
    const QString copy = MarketSettings::networkCopyPath(m_home->dir());
    const auto kept = NetworkConfig::load(copy);
    if (kept && kept->toJson() == m_network->toJson())
        return {};
    return m_network->save(copy);
}

Result<void> NodeDaemon::unlockGenesisKey(const QString &passphrase)
{
    const QString &path = m_options.market.genesisKeyFile;
    if (path.isEmpty() || !m_network)
        return {};
    auto key = KeyFile::load(path, KeyRole::Operator, passphrase);
    if (!key)
        return fail(QStringLiteral("--genesis-key: ") + key.error());
    if (key->publicKey() != m_network->genesis)
        return fail(QStringLiteral("--genesis-key %1 is not the genesis key of %2")
                        .arg(path, m_options.market.networkFile));
    m_genesisKey.emplace(std::move(key).value());
    return {};
}

Result<void> NodeDaemon::startLedger()
{
    if (!m_network)
        return {};
    m_ledger = std::make_unique<LedgerService>(*m_home, m_network->ledgerConfig(), m_clock,
                                               m_options.market, *m_storage,
                                               m_genesisKey ? &*m_genesisKey : nullptr);
    connect(m_gossip.get(), &GossipEngine::eventsStored, m_ledger.get(), &LedgerService::refresh);
    connect(m_ledger.get(), &LedgerService::lifecycleChanged, m_storage.get(),
            &StorageService::refresh);
    m_ledger->setMetrics(m_registry.get());
    if (auto started = m_ledger->start(); !started)
        return fail(QStringLiteral("cannot keep the ledger: ") + started.error());
    if (m_endpoints)
        m_endpoints->setMarket(m_ledger->adminMarket());
    return {};
}

void NodeDaemon::attachMarket(PeerConnection *connection)
{
    if (!connection || !connection->isReady() || m_stopping)
        return;
    new MarketSession(connection, m_home->log(), m_params.maxEventBytes, m_ledger.get(),
                      m_storage.get(), connection);
}

void NodeDaemon::acceptPeer(PeerConnection *connection)
{
    m_storage->attach(connection);
    attachMarket(connection);
    joinGossipOnFirstMessage(connection, *m_gossip);
}

Result<void> NodeDaemon::listen()
{
    auto address = listenAddress(m_options.listen.host);
    m_server = std::make_unique<PeerServer>(*m_identity, m_transport);
    connect(m_server.get(), &PeerServer::peerReady, this, &NodeDaemon::acceptPeer);
    auto listening = address ? m_server->start(address.value(), m_options.listen.port)
                             : Result<void>(Error{address.error()});
    if (listening)
        return {};
    // Honest state: the node tried to start and could not.
    if (const auto record = m_home->record(); record && record->state == LifecycleState::Starting)
        (void)m_home->transition(LifecycleState::Failed, listening.error(), Actor::Node);
    return listening;
}

Result<void> NodeDaemon::enterOnline()
{
    const auto record = m_home->record();
    if (!record)
        return Error{record.error()};
    if (record->state != LifecycleState::Starting)
        return {};
    const auto online = m_home->transition(
        LifecycleState::Online, QStringLiteral("listening on ") + listenText(), Actor::Node);
    return online ? Result<void>() : Result<void>(Error{online.error()});
}

void NodeDaemon::dialPeers()
{
    quint32 seed = m_seed;
    for (const PeerAddress &peer : m_options.peers) {
        auto *dialer = new PeerDialer(peer, *m_identity, m_transport, m_options.reconnect, ++seed);
        connect(dialer, &PeerDialer::connected, m_gossip.get(), &GossipEngine::addPeer);
        connect(dialer, &PeerDialer::connected, m_storage.get(), &StorageService::attach);
        connect(dialer, &PeerDialer::connected, this, &NodeDaemon::attachMarket);
        m_dialers.append(dialer);
        dialer->start();
    }
}

void NodeDaemon::stop(const QString &reason)
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcDaemon).noquote() << "stopping:" << reason;
    logSummary();
    // No more closes, vouchers or offers from here on, and no more handoff.
    if (m_ledger)
        m_ledger->stop();
    if (m_handoff)
        m_handoff->stop();
    if (m_endpoints)
        m_endpoints->close();
    if (m_server)
        m_server->close();
    for (PeerDialer *dialer : m_dialers)
        dialer->stop(reason);
    if (m_gossip)
        m_gossip->stop(reason);
    // Connections still in their handshake are not the engine's yet.
    if (m_server) {
        for (PeerConnection *connection : m_server->findChildren<PeerConnection *>())
            connection->close(reason);
    }
    QTimer::singleShot(kStopGrace, this, &NodeDaemon::finishStop);
}

void NodeDaemon::finishStop()
{
    // The handoff reads from the store: it goes first.
    m_handoff.reset();
    // Saves the kept receipts and the projection while the database is open.
    m_ledger.reset();
    m_gossip.reset();
    qDeleteAll(m_dialers);
    m_dialers.clear();
    m_server.reset();
    // Waits for running chunk work and records the used bytes: before the database closes.
    m_storage.reset();
    m_endpoints.reset();
    // Closes the database: what is committed is on disk, WAL checkpointed by SQLite on close.
    m_home.reset();
    m_lock.reset();
    qCInfo(lcDaemon) << "stopped";
    Q_EMIT stopped();
}

void NodeDaemon::logSummary() const
{
    const GossipMetrics m = metrics();
    qCInfo(lcDaemon).noquote()
        << QStringLiteral("gossip: %1 events stored from peers, %2 duplicates, %3 refused, %4 "
                          "forks found, %5 fork proofs received, %6 pulls sent")
               .arg(m.eventsStored)
               .arg(m.duplicates)
               .arg(m.eventsRefused)
               .arg(m.forksDetected)
               .arg(m.proofsReceived)
               .arg(m.pullsSent);
}

QString NodeDaemon::listenText() const
{
    PeerAddress shown = m_options.listen;
    if (m_server && m_server->isListening())
        shown.port = m_server->serverPort();
    return shown.endpointText();
}

QString NodeDaemon::idHex() const
{
    return m_home ? m_home->idHex() : QString();
}

QString NodeDaemon::shortId() const
{
    return m_identity ? m_identity->nodeId().shortText() : QString();
}

GossipMetrics NodeDaemon::metrics() const
{
    return m_gossip ? m_gossip->metrics() : GossipMetrics{};
}

// Bound before the state changes: a port in use or a bad token file leaves the node as it was.
Result<void> NodeDaemon::startEndpoints()
{
    m_endpoints = std::make_unique<OperatorEndpoints>(*m_registry, *m_home, m_clock,
                                                      [this] { return metrics(); });
    connect(m_endpoints.get(), &OperatorEndpoints::lifecycleChanged, this,
            &NodeDaemon::onOperatorLifecycle);
    return m_endpoints->start(m_options.endpoints, *m_identity);
}

// The operator may move a running node wherever the state machine allows (DESIGN §5). The
// process keeps running in every state, so gossip carries the signed change to peers (a
// retirement included; a later start then refuses, see above). It already listens, so a start
// through the admin API completes at once, as at launch. What the node serves follows the state.
void NodeDaemon::onOperatorLifecycle(LifecycleState state)
{
    if (state == LifecycleState::Starting) {
        if (auto online = enterOnline(); !online)
            qCWarning(lcDaemon).noquote() << "could not go online:" << online.error();
    }
    if (m_storage)
        m_storage->refresh();
}

// What the daemon does beyond serving in a state: a drain hands the data off and leaves the
// market's stake (DESIGN §5); any other state stops a handoff still running.
void NodeDaemon::followState(LifecycleState state)
{
    if (m_stopping)
        return;
    if (state != LifecycleState::Draining) {
        if (m_handoff)
            m_handoff->stop();
        return;
    }
    if (m_ledger)
        m_ledger->leaveMarket();
    if (!m_handoff) {
        m_handoff =
            std::make_unique<DataHandoff>(*m_storage, m_home->database(), m_clock, *m_identity,
                                          m_transport, m_options.peers, m_seed, m_options.handoff);
        connect(m_handoff.get(), &DataHandoff::finished, this, &NodeDaemon::finishDrain);
    }
    m_handoff->start();
}

// Every object is held elsewhere: the node leaves (Exited, signed, so its peers learn it) and
// keeps running only to gossip that; the operator may retire it.
void NodeDaemon::finishDrain()
{
    const auto exited =
        m_home->transition(LifecycleState::Exited, m_handoff->progress().note, Actor::Node);
    if (!exited)
        qCWarning(lcDaemon).noquote() << "drained, but cannot record Exited:" << exited.error();
    m_storage->refresh();
}

QString NodeDaemon::metricsText() const
{
    return m_endpoints ? m_endpoints->metricsText() : QString();
}

QString NodeDaemon::adminText() const
{
    return m_endpoints ? m_endpoints->adminText() : QString();
}

} // namespace streamsync
