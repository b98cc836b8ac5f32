#include "console/EmbeddedNetwork.h"

#include "localnet/LocalNetwork.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

#include <csignal>

namespace streamsync::console {

namespace {

constexpr std::chrono::milliseconds kShutdownGrace{5'000};

// Gone, or a zombie waiting to be reaped: either way it no longer runs.
bool hasEnded(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    const char state = close >= 0 && close + 2 < text.size() ? text.at(close + 2) : 'X';
    return state == 'Z' || state == 'X';
}

} // namespace

EmbeddedNetwork::EmbeddedNetwork(QObject *parent) : QObject(parent) {}

// The console is going away: every child gets SIGTERM at once and the grace to close its
// database; LocalNetwork's destructor then kills what is left and reaps them all. (Its own
// stop() is staged over several seconds of the event loop, which a destructor does not have.)
EmbeddedNetwork::~EmbeddedNetwork()
{
    if (m_network) {
        const QList<qint64> running = pids();
        for (const qint64 pid : running)
            ::kill(pid_t(pid), SIGTERM);
        QDeadlineTimer deadline(kShutdownGrace);
        for (const qint64 pid : running) {
            while (!hasEnded(pid) && !deadline.hasExpired())
                QThread::msleep(20);
        }
        m_network->disconnect(this);
        delete m_network;
        m_network = nullptr;
    }
    settle();
}

void EmbeddedNetwork::start(const Options &options)
{
    if (m_network)
        return;
    LocalNetworkSpec spec;
    spec.dir = options.dir;
    spec.nodeProgram = options.program;
    spec.competitors = options.competitors;
    spec.epochMs = options.epochMs;
    spec.rate = options.rate;
    if (auto valid = spec.validate(); !valid) {
        Q_EMIT statusChanged(
            QStringLiteral("the local network cannot start: %1").arg(valid.error()));
        return;
    }
    m_network = new LocalNetwork(spec, this);
    connect(m_network, &LocalNetwork::started, this, &EmbeddedNetwork::onStarted);
    connect(m_network, &LocalNetwork::failed, this,
            [this](const QString &reason) { onFailed({}, reason); });
    connect(m_network, &LocalNetwork::processFailed, this,
            [this](const QString &name, const QString &reason, int) { onFailed(name, reason); });
    connect(m_network, &LocalNetwork::stateChanged, this, [this](LocalNetwork::State state) {
        if (state != LocalNetwork::State::Running && state != LocalNetwork::State::Failed)
            Q_EMIT statusChanged(
                QStringLiteral("local network: %1").arg(LocalNetwork::stateName(state)));
    });
    m_starting = true;
    m_network->start();
}

void EmbeddedNetwork::stop()
{
    m_ready = false;
    if (m_network)
        m_network->stop();
    settle();
}

void EmbeddedNetwork::onStarted()
{
    m_ready = true;
    reloadManifest();
    int nodes = 0;
    for (const LocalnetManifest::Process &p : m_manifest.processes)
        nodes += p.role == QLatin1String("node") ? 1 : 0;
    Q_EMIT statusChanged(QStringLiteral("local network runs: %1 competitors and a customer in %2")
                             .arg(nodes)
                             .arg(m_network->spec().dir));
    settle();
    Q_EMIT ready();
}

void EmbeddedNetwork::onFailed(const QString &process, const QString &reason)
{
    if (process.isEmpty()) {
        m_ready = false;
        Q_EMIT statusChanged(QStringLiteral("the local network failed: %1").arg(reason));
        settle();
    } else {
        reloadManifest();
        Q_EMIT statusChanged(QStringLiteral("local network: %1 stopped: %2").arg(process, reason));
    }
}

// What runs and where, as LocalNetwork keeps it (the same as its localnet.json).
void EmbeddedNetwork::reloadManifest()
{
    if (!m_network)
        return;
    m_manifest.dir = m_network->spec().dir;
    m_manifest.network = m_network->networkFile();
    m_manifest.epochMs = m_network->spec().epochMs;
    m_manifest.rate = m_network->spec().rate;
    m_manifest.processes = m_network->processes();
}

QFuture<void> EmbeddedNetwork::settled()
{
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    if (!m_starting)
        promise->finish();
    else
        m_waiting.append(promise);
    return promise->future();
}

void EmbeddedNetwork::settle()
{
    m_starting = false;
    for (const auto &promise : std::exchange(m_waiting, {}))
        promise->finish();
}

qint64 EmbeddedNetwork::customerMaxPriceMicro() const
{
    return m_ready && m_network ? m_network->spec().maxPrice.micro() : 0;
}

QStringList EmbeddedNetwork::peers() const
{
    return m_ready && m_network ? m_network->peerArguments() : QStringList();
}

QString EmbeddedNetwork::firstCompetitorFolder() const
{
    if (!m_ready)
        return {};
    for (const LocalnetManifest::Process &p : m_manifest.processes) {
        if (p.role == QLatin1String("node") && !p.dataDir.isEmpty())
            return p.dataDir;
    }
    return {};
}

void EmbeddedNetwork::admit(const QString &peer)
{
    if (m_network)
        m_network->admitGuest(peer);
}

QList<qint64> EmbeddedNetwork::pids() const
{
    QList<qint64> list;
    if (!m_network)
        return list;
    for (const LocalnetManifest::Process &p : m_network->processes()) {
        if (p.pid > 0 && p.state != QLatin1String("stopped") && p.state != QLatin1String("failed"))
            list.append(p.pid);
    }
    return list;
}

} // namespace streamsync::console
