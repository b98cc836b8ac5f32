#include "localnet/LocalNetwork.h"

#include "localnet/LocalNetworkSetup.h"
#include "localnet/LocalProcess.h"
#include "localnet/LocalnetLog.h"

#include <QCoreApplication>
#include <QFile>
#include <QFutureWatcher>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QtConcurrent>

#include <csignal>

namespace streamsync {

namespace {

// A node start (key derivation, database, listener) or one `customer store`.
constexpr std::chrono::milliseconds kStepTimeout{60'000};
// The customer stops first, so its last reports still reach a node; then the nodes.
constexpr std::chrono::milliseconds kCustomerHeadStart{4'000};

const QString kNode = QStringLiteral("node");
const QString kStore = QStringLiteral("store");
const QString kCustomer = QStringLiteral("customer");
const QString kGuestStore = QStringLiteral("guest-store");

// The node id of a peer argument, HOST:PORT@ID.
QString peerId(const QString &peer)
{
    return peer.section(QLatin1Char('@'), -1);
}

// Whether `pid` is a live process that runs StreamSync (a pid may be reused by anything else).
bool runsStreamSync(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return !cmdline.open(QIODevice::ReadOnly) || cmdline.readAll().contains("streamsync");
}

} // namespace

LocalNetwork::LocalNetwork(LocalNetworkSpec spec, QObject *parent)
    : QObject(parent), m_spec(std::move(spec))
{
    m_manifestWriter.setMaxThreadCount(1);
    m_startTimeout.setSingleShot(true);
    connect(&m_startTimeout, &QTimer::timeout, this, [this] {
        failWith(QStringLiteral("a step of the start took longer than %1 s; see %2")
                     .arg(kStepTimeout.count() / 1000)
                     .arg(m_layout ? m_layout->logsDir : m_spec.dir));
    });
    // A `customer store` that hangs on an unreachable guest must not keep the load stopped.
    m_guestTimeout.setSingleShot(true);
    connect(&m_guestTimeout, &QTimer::timeout, this, [this] {
        const Child store = m_children.value(kGuestStore);
        if (store.process && store.process->isRunning())
            store.process->stop(m_spec.stopGrace); // onGuestStored() reports it and goes on
    });
    m_stopTimeout.setSingleShot(true);
    connect(&m_stopTimeout, &QTimer::timeout, this, [this] {
        m_group.signalAll(SIGKILL);
        killAll();
        checkStopped();
    });
}

LocalNetwork::~LocalNetwork()
{
    killAll();
    m_manifestWriter.waitForDone(); // the last manifest (pid 0) is on disk before we go
}

QString LocalNetwork::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Preparing:
        return QStringLiteral("preparing");
    case State::StartingNodes:
        return QStringLiteral("starting nodes");
    case State::StoringObjects:
        return QStringLiteral("storing objects");
    case State::Running:
        return QStringLiteral("running");
    case State::Stopping:
        return QStringLiteral("stopping");
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString LocalNetwork::networkFile() const
{
    return m_layout ? m_layout->networkFile : QString();
}

QString LocalNetwork::manifestFile() const
{
    return m_layout ? LocalnetManifest::pathIn(m_layout->dir) : QString();
}

QString LocalNetwork::passphraseFile() const
{
    return m_layout ? m_layout->passphraseFile : QString();
}

void LocalNetwork::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

Result<void> LocalNetwork::checkNotRunning() const
{
    const auto manifest = LocalnetManifest::load(m_spec.dir);
    if (manifest && manifest->pid != QCoreApplication::applicationPid() &&
        runsStreamSync(manifest->pid))
        return fail(
            QStringLiteral("%1 is already run by process %2").arg(m_spec.dir).arg(manifest->pid));
    return {};
}

void LocalNetwork::start()
{
    if (m_state != State::Idle && m_state != State::Stopped && m_state != State::Failed)
        return;
    m_failure.clear();
    m_objectIds.clear();
    if (auto free = checkNotRunning(); !free)
        return failWith(free.error());
    setState(State::Preparing);
    auto *watcher = new QFutureWatcher<Result<LocalNetworkLayout>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        onPrepared(watcher->result());
    });
    watcher->setFuture(
        QtConcurrent::run([spec = m_spec] { return LocalNetworkSetup::prepare(spec); }));
}

void LocalNetwork::onPrepared(const Result<LocalNetworkLayout> &layout)
{
    if (m_state == State::Stopping) {
        setState(State::Stopped);
        Q_EMIT stopped();
        return;
    }
    if (!layout)
        return failWith(layout.error());
    m_layout = layout.value();
    setState(State::StartingNodes);
    startNode(0);
}

LocalProcess *LocalNetwork::launch(const QString &name, const QString &role,
                                   const QStringList &arguments, int nodeIndex)
{
    Child &child = m_children[name];
    if (!child.process) {
        child.process = new LocalProcess(name, m_group, this);
        child.role = role;
        child.nodeIndex = nodeIndex;
        m_order.append(name);
        LocalProcess *p = child.process;
        connect(p, &LocalProcess::line, this, [this, name, role](const QString &text) {
            if (role == kStore)
                m_storeOutput += text + QLatin1Char('\n');
            Q_EMIT output(name, text);
        });
        connect(p, &LocalProcess::listening, this,
                [this, nodeIndex](const QString &address) { onNodeListening(nodeIndex, address); });
        connect(p, &LocalProcess::exited, this, [this, name](int code, bool crashed, bool asked) {
            onExited(name, code, crashed, asked);
        });
        // A node runs once it listens; the customer once it is started.
        if (role == kCustomer)
            connect(p, &LocalProcess::started, this, [this, name] {
                changed(name, QStringLiteral("running"));
                Q_EMIT processStarted(name);
            });
    }
    LocalProcess::Launch launch{m_spec.nodeProgram, arguments,
                                QProcessEnvironment::systemEnvironment(), m_layout->logPath(name)};
    child.state = QStringLiteral("starting");
    child.arguments = arguments;
    child.process->start(launch);
    writeManifest();
    return child.process;
}

QStringList LocalNetwork::nodeArguments(int index) const
{
    const LocalNetworkLayout::Node &node = m_layout->nodes.at(index);
    const CompetitorProfile &p = node.profile;
    const Child child = m_children.value(p.name);
    const quint16 port = m_spec.basePort != 0 ? quint16(m_spec.basePort + index) : child.port;
    QStringList args{QStringLiteral("run"),
                     QStringLiteral("--data"),
                     node.dir,
                     QStringLiteral("--listen"),
                     QStringLiteral("%1:%2").arg(m_spec.host).arg(port),
                     QStringLiteral("--passphrase-file"),
                     m_layout->passphraseFile,
                     QStringLiteral("--network"),
                     m_layout->networkFile,
                     QStringLiteral("--offer-price"),
                     QString::number(p.offerPrice.micro()),
                     QStringLiteral("--bond"),
                     QString::number(p.bond.micro()),
                     QStringLiteral("--strategy"),
                     p.strategy,
                     QStringLiteral("--latency-ms"),
                     QString::number(p.latencyMs),
                     QStringLiteral("--fail-rate"),
                     QString::number(p.failPermille),
                     QStringLiteral("--capacity-bytes"),
                     QString::number(p.capacityBytes)};
    if (m_spec.metrics)
        args << QStringLiteral("--metrics") << m_spec.host + QStringLiteral(":0");
    // Until stake is bonded (the whole first epoch) only the genesis key may close an epoch,
    // so the first competitor holds it; later closes follow the bonded stake.
    if (index == 0)
        args << QStringLiteral("--genesis-key") << m_layout->dir + QStringLiteral("/genesis.key");
    // A mesh: each node dials every node started before it.
    for (int j = 0; j < index; ++j) {
        const Child before = m_children.value(m_layout->nodes.at(j).profile.name);
        if (before.process && !before.process->listenAddress().isEmpty())
            args << QStringLiteral("--peer")
                 << before.process->listenAddress() + QLatin1Char('@') +
                        m_layout->nodes.at(j).idHex;
    }
    return args;
}

void LocalNetwork::startNode(int index)
{
    m_startTimeout.start(kStepTimeout);
    launch(m_layout->nodes.at(index).profile.name, kNode, nodeArguments(index), index);
}

void LocalNetwork::onNodeListening(int index, const QString &address)
{
    if (index < 0 || !m_layout)
        return;
    const QString name = m_layout->nodes.at(index).profile.name;
    m_children[name].port = quint16(address.section(QLatin1Char(':'), -1).toUInt());
    changed(name, QStringLiteral("running"));
    Q_EMIT processStarted(name);
    if (m_state != State::StartingNodes)
        return;
    if (index + 1 < m_layout->nodes.size())
        return startNode(index + 1);
    setState(State::StoringObjects);
    m_nextObject = 0;
    storeNext();
}

QStringList LocalNetwork::customerArguments(const QString &command) const
{
    QStringList args{QStringLiteral("customer"),
                     command,
                     QStringLiteral("--data"),
                     m_layout->customerDir,
                     QStringLiteral("--passphrase-file"),
                     m_layout->passphraseFile,
                     QStringLiteral("--network"),
                     m_layout->networkFile};
    for (const QString &peer : peerArguments())
        args << QStringLiteral("--peer") << peer;
    return args;
}

void LocalNetwork::storeNext()
{
    if (m_nextObject >= m_layout->objectFiles.size())
        return startCustomer();
    m_startTimeout.start(kStepTimeout);
    m_storeOutput.clear();
    QStringList args = customerArguments(QStringLiteral("store"));
    args << m_layout->objectFiles.at(m_nextObject) << QStringLiteral("--replication")
         << QString::number(m_layout->nodes.size());
    launch(QStringLiteral("store-%1").arg(m_nextObject + 1), kStore, args, -1);
}

void LocalNetwork::onStored(int exitCode)
{
    static const QRegularExpression objectId(QStringLiteral("^[0-9a-f]{64}$"),
                                             QRegularExpression::MultilineOption);
    const QString name = QStringLiteral("store-%1").arg(m_nextObject + 1);
    const auto match = objectId.match(m_storeOutput);
    if (exitCode != 0 || !match.hasMatch()) {
        const QString tail = m_children.value(name).process->tail();
        return failWith(QStringLiteral("storing %1 failed (see %2): %3")
                            .arg(m_layout->objectFiles.at(m_nextObject), m_layout->logPath(name),
                                 tail.section(QLatin1Char('\n'), -1)));
    }
    m_objectIds.append(match.captured(0));
    m_children.take(name).process->deleteLater();
    m_order.removeAll(name);
    ++m_nextObject;
    storeNext();
}

QStringList LocalNetwork::loadArguments() const
{
    QStringList args = customerArguments(QStringLiteral("load"));
    for (const QString &guest : m_guests)
        args << QStringLiteral("--peer") << guest;
    args << QStringLiteral("--rate") << QString::number(m_spec.rate) << QStringLiteral("--duration")
         << QStringLiteral("0") << QStringLiteral("--max-price")
         << QString::number(m_spec.maxPrice.micro()) << QStringLiteral("--seed")
         << QString::number(m_spec.seed)
         // The network stops and restarts its customer to admit a guest: half an epoch's
         // reports are held for the next run, which publishes the whole epoch once.
         << QStringLiteral("--hold-partial-epoch");
    return args;
}

void LocalNetwork::startCustomer()
{
    m_startTimeout.stop();
    if (m_spec.rate > 0)
        launch(kCustomer, kCustomer, loadArguments(), -1);
    setState(State::Running);
    writeManifest();
    Q_EMIT started();
    admitNextGuest();
}

void LocalNetwork::admitGuest(const QString &peer)
{
    const QString id = peerId(peer);
    for (const QString &known : m_guests + m_guestQueue + QStringList{m_admitting}) {
        if (known == peer)
            return;
    }
    // The same node at a new address replaces the old one.
    m_guestQueue.removeIf([&id](const QString &g) { return peerId(g) == id; });
    m_guestQueue.append(peer);
    admitNextGuest();
}

// One guest at a time, only while the network runs: the customer's folder has one writer, so
// its load stops while `customer store` puts the objects on the guest.
void LocalNetwork::admitNextGuest()
{
    if (m_state != State::Running || !m_admitting.isEmpty() || m_guestQueue.isEmpty())
        return;
    m_admitting = m_guestQueue.takeFirst();
    m_nextGuestObject = 0;
    m_restarting.remove(kCustomer); // the admission restarts it
    const Child customer = m_children.value(kCustomer);
    if (customer.process && customer.process->isRunning())
        customer.process->stop(m_spec.stopGrace); // onExited() goes on with storeOnGuest()
    else
        storeOnGuest();
}

void LocalNetwork::storeOnGuest()
{
    if (m_state != State::Running)
        return;
    if (m_nextGuestObject >= m_layout->objectFiles.size()) {
        const QString id = peerId(m_admitting);
        m_guests.removeIf([&id](const QString &g) { return peerId(g) == id; });
        m_guests.append(m_admitting);
        return finishAdmission();
    }
    QStringList args{QStringLiteral("customer"),
                     QStringLiteral("store"),
                     QStringLiteral("--data"),
                     m_layout->customerDir,
                     QStringLiteral("--passphrase-file"),
                     m_layout->passphraseFile,
                     QStringLiteral("--network"),
                     m_layout->networkFile,
                     QStringLiteral("--peer"),
                     m_admitting,
                     m_layout->objectFiles.at(m_nextGuestObject),
                     QStringLiteral("--replication"),
                     QStringLiteral("1")};
    launch(kGuestStore, kGuestStore, args, -1);
    m_guestTimeout.start(kStepTimeout);
}

// The load starts again, unless another guest waits: it would only be stopped at once.
void LocalNetwork::finishAdmission()
{
    m_guestTimeout.stop();
    m_admitting.clear();
    if (m_guestQueue.isEmpty() && m_spec.rate > 0)
        launch(kCustomer, kCustomer, loadArguments(), -1);
    writeManifest();
    admitNextGuest();
}

// A stop or a failure in the middle of an admission: the guest waits for the next start.
void LocalNetwork::abandonAdmission()
{
    m_guestTimeout.stop();
    if (!m_admitting.isEmpty())
        m_guestQueue.prepend(m_admitting);
    m_admitting.clear();
}

void LocalNetwork::onGuestStored(const QString &name, int exitCode, bool crashed)
{
    if (crashed || exitCode != 0) {
        // The guest may be full or gone: the customer goes on without it rather than not at all.
        const QString tail = m_children.value(name).process->tail().section(QLatin1Char('\n'), -1);
        Q_EMIT processFailed(
            name, QStringLiteral("could not store on %1: %2").arg(m_admitting, tail), exitCode);
        return finishAdmission();
    }
    ++m_nextGuestObject;
    storeOnGuest();
}

void LocalNetwork::onExited(const QString &name, int exitCode, bool crashed, bool requested)
{
    Child &child = m_children[name];
    child.state = requested ? QStringLiteral("stopped") : QStringLiteral("failed");
    writeManifest();
    if (m_restarting.contains(name))
        return relaunch(name);
    if (m_state == State::Stopping)
        return checkStopped();
    if (m_state == State::Failed || m_state == State::Stopped)
        return;
    if (child.role == kStore && !crashed)
        return onStored(exitCode);
    if (child.role == kGuestStore)
        return onGuestStored(name, exitCode, crashed);
    if (child.role == kCustomer && requested && !m_admitting.isEmpty())
        return storeOnGuest(); // stopped to let a guest in
    const QString tail = child.process->tail().section(QLatin1Char('\n'), -1);
    const QString reason = crashed ? QStringLiteral("crashed; %1").arg(tail)
                                   : QStringLiteral("exited with %1; %2").arg(exitCode).arg(tail);
    Q_EMIT processFailed(name, reason, exitCode);
    if (m_state != State::Running)
        failWith(QStringLiteral("%1 %2 (see %3)").arg(name, reason, m_layout->logPath(name)));
}

void LocalNetwork::restart(const QString &name)
{
    const Child child = m_children.value(name);
    if (m_state != State::Running || !child.process || child.role == kStore ||
        child.role == kGuestStore || (child.role == kCustomer && !m_admitting.isEmpty()))
        return; // a guest's admission restarts the customer itself
    m_restarting.insert(name);
    if (child.process->isRunning())
        child.process->stop(m_spec.stopGrace);
    else
        relaunch(name);
}

void LocalNetwork::relaunch(const QString &name)
{
    m_restarting.remove(name);
    const Child child = m_children.value(name);
    if (child.role == kNode) {
        LocalProcess *p = launch(name, kNode, nodeArguments(child.nodeIndex), child.nodeIndex);
        connect(
            p, &LocalProcess::listening, this, [this, name] { Q_EMIT processRestarted(name); },
            Qt::SingleShotConnection);
        return;
    }
    LocalProcess *p = launch(name, child.role, child.arguments, -1);
    connect(
        p, &LocalProcess::started, this, [this, name] { Q_EMIT processRestarted(name); },
        Qt::SingleShotConnection);
}

void LocalNetwork::stop()
{
    switch (m_state) {
    case State::Idle:
    case State::Stopped:
        Q_EMIT stopped();
        return;
    case State::Preparing:
        setState(State::Stopping); // onPrepared() finishes the stop
        return;
    case State::Stopping:
        return;
    default:
        break;
    }
    const bool wasFailed = m_state == State::Failed;
    abandonAdmission();
    setState(State::Stopping);
    m_startTimeout.stop();
    m_restarting.clear();
    m_stopTimeout.start(kCustomerHeadStart + m_spec.stopGrace + std::chrono::seconds(2));
    bool customerRunning = false;
    for (const Child &child : std::as_const(m_children)) {
        if (child.role != kNode && child.process->isRunning()) {
            child.process->stop(m_spec.stopGrace);
            customerRunning = true;
        }
    }
    const auto stopNodes = [this] {
        for (const Child &child : std::as_const(m_children)) {
            if (child.role == kNode)
                child.process->stop(m_spec.stopGrace);
        }
        checkStopped();
    };
    if (customerRunning && !wasFailed)
        QTimer::singleShot(kCustomerHeadStart, this, stopNodes);
    else
        stopNodes();
}

void LocalNetwork::checkStopped()
{
    if (m_state != State::Stopping)
        return;
    for (const Child &child : std::as_const(m_children)) {
        if (child.process->isRunning())
            return;
    }
    m_stopTimeout.stop();
    setState(State::Stopped);
    writeManifest();
    Q_EMIT stopped();
}

void LocalNetwork::failWith(const QString &reason)
{
    m_failure = reason;
    m_startTimeout.stop();
    abandonAdmission();
    setState(State::Failed);
    for (const Child &child : std::as_const(m_children))
        child.process->stop(m_spec.stopGrace);
    Q_EMIT failed(reason);
}

void LocalNetwork::killAll()
{
    for (const Child &child : std::as_const(m_children)) {
        if (child.process->isRunning())
            child.process->stop(std::chrono::milliseconds(0));
    }
}

void LocalNetwork::changed(const QString &name, const QString &state)
{
    m_children[name].state = state;
    writeManifest();
}

LocalNetwork::Process LocalNetwork::describe(const QString &name, const Child &child) const
{
    Process p;
    p.name = name;
    p.role = child.role;
    p.pid = child.process->isRunning() ? child.process->pid() : 0;
    p.state = child.state;
    p.listen = child.process->listenAddress();
    if (child.role == kCustomer) {
        p.nodeId = m_layout->customerIdHex;
        p.dataDir = m_layout->customerDir;
        return p;
    }
    const LocalNetworkLayout::Node &node = m_layout->nodes.at(child.nodeIndex);
    p.nodeId = node.idHex;
    p.dataDir = node.dir;
    p.strategy = node.profile.strategy;
    p.offerPriceMicro = node.profile.offerPrice.micro();
    p.bondMicro = node.profile.bond.micro();
    p.latencyMs = node.profile.latencyMs;
    p.failPermille = node.profile.failPermille;
    p.capacityBytes = node.profile.capacityBytes;
    return p;
}

QList<LocalNetwork::Process> LocalNetwork::processes() const
{
    QList<Process> list;
    for (const QString &name : m_order) {
        const Child child = m_children.value(name);
        if (child.process && child.role != kStore && child.role != kGuestStore)
            list.append(describe(name, child));
    }
    return list;
}

QStringList LocalNetwork::peerArguments() const
{
    QStringList peers;
    for (const Process &p : processes()) {
        if (p.role == kNode && p.state == QLatin1String("running") && !p.peerArgument().isEmpty())
            peers.append(p.peerArgument());
    }
    return peers;
}

void LocalNetwork::writeManifest()
{
    if (!m_layout)
        return;
    LocalnetManifest manifest;
    manifest.dir = m_layout->dir;
    manifest.network = m_layout->networkFile;
    manifest.passphraseFile = m_layout->passphraseFile;
    manifest.epochMs = m_spec.epochMs;
    manifest.rate = m_spec.rate;
    manifest.pid = m_state == State::Stopped ? 0 : QCoreApplication::applicationPid();
    manifest.objects = m_objectIds;
    manifest.processes = processes();
    m_manifestWriter.start([manifest] {
        if (auto saved = manifest.save(); !saved)
            qCWarning(lcLocalnet).noquote() << saved.error();
    });
    Q_EMIT processesChanged();
}

} // namespace streamsync
