#include "interfaces/LocalOperatorService.h"

#include "console/AlertMonitor.h"
#include "console/EarningsQuery.h"
#include "console/EconomicsQuery.h"
#include "console/EmbeddedNetwork.h"
#include "console/LogQuery.h"
#include "console/MarketQuery.h"
#include "console/NetworkSettings.h"
#include "console/NodeRunner.h"
#include "console/OwnNodeMarket.h"
#include "console/OwnNodeStates.h"
#include "console/PriceCurveBuilder.h"
#include "console/ProfileWorker.h"
#include "console/ReadyFuture.h"
#include "console/RemoteNodes.h"
#include "console/ReputationQuery.h"
#include "console/StakeQuery.h"
#include "console/WebhookPoster.h"
#include "crypto/KeyFile.h"
#include "node/OperatorProfile.h"
#include "util/Clock.h"

#include <QDir>
#include <QSaveFile>

namespace streamsync::interfaces {

using console::ProjectionReader;

namespace {

struct PollResult
{
    QString fingerprint;
    QList<Alert> alerts;
    QList<NodeSummary> changed; // nodes the protocol suspended, or that finished draining
    QList<NodeSummary> usage;   // every own node with the bytes its database says it stores
};

bool sameHandoff(const std::optional<HandoffProgress> &a, const std::optional<HandoffProgress> &b)
{
    if (!a || !b)
        return a.has_value() == b.has_value();
    return a->updatedMs == b->updatedMs && a->complete == b->complete;
}

struct Changed
{
    LifecycleState before = LifecycleState::Stopped;
    NodeSummary node;
};

} // namespace

LocalOperatorService::LocalOperatorService(const OperatorServiceConfig &config)
    : m_config(config), m_alerts(std::make_shared<console::AlertMonitor>()),
      m_network(new console::EmbeddedNetwork(this)), m_webhook(new console::WebhookPoster(this))
{
    if (!m_config.clock)
        m_config.clock = std::make_shared<SystemClock>();
    const auto cost = config.kdfCost ? config.kdfCost : std::make_shared<ScryptCost>();
    m_worker = std::make_unique<console::ProfileWorker>(
        std::make_shared<OperatorProfile>(config.profileDir, m_config.clock, *cost));
    m_runner = new console::NodeRunner(*m_worker, *m_network, m_config.nodeProgram, this);
    m_market = new console::OwnNodeMarket(*m_worker, *m_runner, this);
    m_remote = new console::RemoteNodes(*m_worker, this);

    connect(m_runner, &console::NodeRunner::nodeChanged, this, &LocalOperatorService::announce);
    connect(m_runner, &console::NodeRunner::statusChanged, this,
            &OperatorService::networkStatusChanged);
    connect(m_runner, &console::NodeRunner::crashRecorded, this, &LocalOperatorService::poll);
    connect(m_network, &console::EmbeddedNetwork::statusChanged, this,
            &OperatorService::networkStatusChanged);
    connect(m_network, &console::EmbeddedNetwork::ready, this, [this] {
        m_fingerprint.clear(); // a new view node: the views refresh
        poll();
    });
    connect(m_remote, &console::RemoteNodes::changed, this, &OperatorService::nodeChanged);
    connect(m_webhook, &console::WebhookPoster::failed, this, [this](const QString &message) {
        // Not posted to the webhook that just failed.
        Q_EMIT alertRaised(Alert{Alert::Severity::Info,
                                 {},
                                 QStringLiteral("webhook"),
                                 message,
                                 m_config.clock->nowMs()});
    });
    m_poll.setInterval(qMax(100, m_config.pollIntervalMs));
    connect(&m_poll, &QTimer::timeout, this, &LocalOperatorService::poll);
}

LocalOperatorService::~LocalOperatorService()
{
    m_poll.stop();
    // The children first, each with SIGTERM and the grace to close its database, while the
    // worker may still finish what is queued; then the worker closes the databases and joins.
    m_runner->shutdown();
    delete m_network;
    m_network = nullptr;
    m_worker.reset();
}

// Runs `work` on the worker with the view node's database open.
template <typename T>
QFuture<Result<T>>
LocalOperatorService::onView(std::function<Result<T>(console::ProjectionReader &)> work)
{
    return m_worker->view<T>(viewContext(), std::move(work));
}

// Tells every view about a node whose state the call changed, on this object's thread.
QFuture<Result<NodeSummary>> LocalOperatorService::announced(QFuture<Result<NodeSummary>> future)
{
    return future.then(this, [this](Result<NodeSummary> node) {
        if (node)
            announce(node.value());
        return node;
    });
}

// --- Profile ---

// The profile's calls return the worker's own future, not a continuation of it, so they finish
// even when the service is destroyed before the GUI thread runs its follow-ups (which are
// watched separately (whenFinished), with this object as context).
QFuture<Result<ProfileStatus>> LocalOperatorService::open()
{
    auto opened = m_worker->run<ProfileStatus>([](OperatorProfile &p) { return p.open(); });
    console::whenFinished(this, opened, [this](const Result<ProfileStatus> &status) {
        if (status && !m_open) {
            m_open = true;
            startNetwork();
            m_poll.start();
        }
    });
    return opened;
}

QFuture<Result<ProfileStatus>> LocalOperatorService::createOperatorKey(const QString &passphrase)
{
    return afterUnlock(m_worker->run<ProfileStatus>(
        [passphrase](OperatorProfile &p) { return p.createOperatorKey(passphrase); }));
}

QFuture<Result<ProfileStatus>> LocalOperatorService::unlock(const QString &passphrase)
{
    return afterUnlock(m_worker->run<ProfileStatus>(
        [passphrase](OperatorProfile &p) { return p.unlock(passphrase); }));
}

// Once the key opens, the nodes that ran when the console last closed run again.
QFuture<Result<ProfileStatus>>
LocalOperatorService::afterUnlock(QFuture<Result<ProfileStatus>> future)
{
    console::whenFinished(this, future, [this](const Result<ProfileStatus> &status) {
        if (!status)
            return;
        m_runner->relaunchAll();
        m_remote->load(); // their admin tokens are sealed with the operator key
    });
    return future;
}

// The local nodes from the profile (with the bytes each stores, from its own database) and the
// remote ones as their admin APIs last reported them.
QFuture<Result<QList<NodeSummary>>> LocalOperatorService::nodes()
{
    const auto remote = m_remote->snapshot();
    return m_worker->run<QList<NodeSummary>>(
        [remote](OperatorProfile &p) -> Result<QList<NodeSummary>> {
            auto nodes = p.nodes();
            if (!nodes)
                return nodes;
            return console::OwnNodeStates::withUsage(nodes.value()) + remote->summaries();
        });
}

QFuture<Result<NodeSummary>> LocalOperatorService::addNode(const NewNodeRequest &request)
{
    return announced(
        m_worker->run<NodeSummary>([request](OperatorProfile &p) { return p.addNode(request); }));
}

QFuture<Result<QList<Transition>>> LocalOperatorService::history(const QString &nodeId)
{
    return m_worker->run<QList<Transition>>(
        [nodeId](OperatorProfile &p) { return p.history(nodeId); });
}

QFuture<Result<DiskSpace>> LocalOperatorService::diskSpace(const QString &folder)
{
    // Stateless and possibly slow (network mounts): any pool thread will do, not the profile's.
    return QtConcurrent::run([folder] { return diskSpaceOf(folder); });
}

// The profile decides whether the move is allowed and records it; the node's process follows
// (console::NodeRunner): Starting resolves Online once the process listens, or Failed with the
// reason. Restart after a crash (Failed → Stopped of a node this console ran) starts it again;
// after a failed start check (a missing folder, say) it only goes to Stopped, for the operator to
// fix the cause and Start.
QFuture<Result<NodeSummary>>
LocalOperatorService::changeState(const QString &nodeId, LifecycleState target, const QString &why)
{
    if (m_remote->contains(nodeId))
        return announced(m_remote->changeState(nodeId, target, why));
    auto changed =
        m_worker->run<Changed>([nodeId, target, why](OperatorProfile &p) -> Result<Changed> {
            const auto before = p.node(nodeId);
            if (!before)
                return Error{before.error()};
            auto after = p.changeState(nodeId, target, why);
            if (!after)
                return Error{after.error()};
            return Changed{before->state, after.value()};
        });
    auto followed = changed.then(
        this, [this, nodeId, target, why](Result<Changed> c) -> QFuture<Result<NodeSummary>> {
            if (!c)
                return console::refusedFuture<NodeSummary>(c.error());
            const NodeSummary &node = c->node;
            if (node.state == LifecycleState::Starting) {
                announce(node);
                return m_runner->launch(nodeId);
            }
            if (target == LifecycleState::Stopped && c->before == LifecycleState::Failed &&
                m_runner->wasLaunched(nodeId)) {
                announce(node);
                return changeState(nodeId, LifecycleState::Starting,
                                   QStringLiteral("restart after the failure"));
            }
            m_runner->follow(node, why);
            return console::readyFuture(Result<NodeSummary>(node));
        });
    return announced(followed.unwrap());
}

qint64 LocalOperatorService::nodeProcessId(const QString &nodeId) const
{
    return m_runner->pid(nodeId);
}

QList<qint64> LocalOperatorService::networkProcessIds() const
{
    return m_network ? m_network->pids() : QList<qint64>();
}

// --- The embedded network, the view node and the poll ---

void LocalOperatorService::startNetwork()
{
    if (!m_config.embeddedNetwork || !console::NetworkSettings::load().useEmbeddedNetwork())
        return;
    const auto program = m_runner->program();
    if (!program) {
        Q_EMIT networkStatusChanged(
            QStringLiteral("the local network cannot start: %1").arg(program.error()));
        return;
    }
    console::EmbeddedNetwork::Options options;
    options.dir = m_config.localnet.dir.isEmpty()
                      ? QDir(m_config.profileDir).filePath(QStringLiteral("localnet"))
                      : m_config.localnet.dir;
    options.program = program.value();
    options.competitors = m_config.localnet.competitors;
    options.epochMs = m_config.localnet.epochMs;
    options.rate = m_config.localnet.rate;
    m_network->start(options);
}

console::ViewContext LocalOperatorService::viewContext() const
{
    console::ViewContext context;
    context.nowMs = m_config.clock->nowMs();
    context.folder = m_runner->viewFolder();
    if (context.folder.isEmpty())
        context.folder = m_network->firstCompetitorFolder();
    context.networkFile = m_network->isReady() ? m_network->networkFile()
                                               : console::NetworkSettings::load().networkFile;
    return context;
}

// Skips a round while the worker is still busy with the last one (Bitcoin Core's
// pollBalanceChanged), so a slow disk never queues polls behind the operator's own requests.
void LocalOperatorService::poll()
{
    if (m_polling || !m_open)
        return;
    m_polling = true;
    if (++m_polls % 5 == 0)
        m_remote->refresh();
    auto profile = m_worker->profile();
    auto reader = m_worker->reader();
    auto alerts = m_alerts;
    const console::ViewContext context = viewContext();
    m_worker
        ->post([profile, reader, alerts, context] {
            PollResult result;
            result.changed = console::OwnNodeStates::syncSuspensions(*profile) +
                             console::OwnNodeStates::syncDrains(*profile);
            if (const auto own = profile->nodes())
                result.usage = console::OwnNodeStates::withUsage(own.value());
            const auto full = console::ProfileWorker::withOwnNodes(*profile, context);
            ProjectionReader *view = nullptr;
            if (!full.folder.isEmpty() && reader->use(full)) {
                view = reader.get();
                if (const auto fingerprint = reader->fingerprint())
                    result.fingerprint = fingerprint.value();
            }
            const Parameters params = view ? view->params() : Parameters::defaults();
            result.alerts =
                alerts->check(console::AlertMonitor::collect(*profile, view),
                              double(params.suspensionAccuracyPermille) / 1000.0, full.nowMs);
            return result;
        })
        .then(this, [this](const PollResult &result) {
            m_polling = false;
            for (const NodeSummary &node : result.usage) {
                const auto known = m_selfReports.constFind(node.id);
                if (known != m_selfReports.constEnd() && known->usedBytes == node.usedBytes &&
                    sameHandoff(known->handoff, node.handoff))
                    continue;
                m_selfReports.insert(node.id, node);
                Q_EMIT nodeChanged(node);
            }
            for (const NodeSummary &node : result.changed) {
                // A drained node's process signs Exited itself and stops.
                if (node.state == LifecycleState::Exited)
                    m_runner->follow(node, QStringLiteral("its data is held by other nodes now"));
                announce(node);
            }
            if (!result.fingerprint.isEmpty() && result.fingerprint != m_fingerprint) {
                m_fingerprint = result.fingerprint;
                Q_EMIT marketChanged();
            }
            for (const Alert &alert : result.alerts)
                raise(alert);
        });
}

// An own node's summary from the profile, with the bytes the last poll read from the node's
// own database: the profile does not follow what a running node stores, and a row showing
// 0 bytes after every state change would be wrong.
void LocalOperatorService::announce(NodeSummary node)
{
    const auto known = m_selfReports.constFind(node.id);
    if (known != m_selfReports.constEnd()) {
        node.usedBytes = known->usedBytes;
        node.handoff = known->handoff;
    }
    Q_EMIT nodeChanged(node);
}

void LocalOperatorService::raise(const Alert &alert)
{
    Q_EMIT alertRaised(alert);
    m_webhook->post(alert);
}

// --- Market views ---

QFuture<Result<EarningsSeries>> LocalOperatorService::earnings(const QString &nodeId,
                                                               TimeRange range)
{
    return onView<EarningsSeries>([nodeId, range](ProjectionReader &r) {
        return console::EarningsQuery::run(r, nodeId, range);
    });
}

QFuture<Result<ReputationSeries>> LocalOperatorService::reputation(const QString &nodeId,
                                                                   TimeRange range)
{
    return onView<ReputationSeries>([nodeId, range](ProjectionReader &r) {
        return console::ReputationQuery::run(r, nodeId, range);
    });
}

QFuture<Result<StakeView>> LocalOperatorService::stake(const QString &nodeId, TimeRange range)
{
    return onView<StakeView>([nodeId, range](ProjectionReader &r) {
        return console::StakeQuery::run(r, nodeId, range);
    });
}

QFuture<Result<MarketView>> LocalOperatorService::market(TimeRange range)
{
    return onView<MarketView>(
        [range](ProjectionReader &r) { return console::MarketQuery::run(r, range); });
}

QFuture<Result<PriceCurvePtr>> LocalOperatorService::priceCurve(const QString &nodeId)
{
    const qint64 customerMax = m_network->customerMaxPriceMicro();
    return onView<PriceCurvePtr>([nodeId, customerMax](ProjectionReader &r) {
        return console::PriceCurveBuilder::build(r, nodeId, customerMax);
    });
}

QFuture<Result<EconomicsView>> LocalOperatorService::economics(TimeRange range,
                                                               CostAssumptions costs)
{
    return onView<EconomicsView>([range, costs](ProjectionReader &r) {
        return console::EconomicsQuery::run(r, range, costs);
    });
}

QFuture<Result<QList<LogEntry>>> LocalOperatorService::logEntries(const QString &filter, int limit)
{
    return onView<QList<LogEntry>>([filter, limit](ProjectionReader &r) {
        return console::LogQuery::entries(r, filter, limit);
    });
}

QFuture<Result<QString>> LocalOperatorService::verifyLog()
{
    return onView<QString>([](ProjectionReader &r) { return console::LogQuery::verify(r); });
}

QFuture<Result<QString>> LocalOperatorService::exportLog(const QString &path)
{
    return onView<QString>(
        [path](ProjectionReader &r) { return console::LogQuery::exportTo(r, path); });
}

QFuture<Result<QString>>
LocalOperatorService::exportEarningsCsv(const QString &nodeId, TimeRange range, const QString &path)
{
    return onView<QString>([nodeId, range, path](ProjectionReader &r) -> Result<QString> {
        const auto series = console::EarningsQuery::run(r, nodeId, range);
        if (!series)
            return Error{series.error()};
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(console::EarningsQuery::csv(series.value())) < 0 || !file.commit())
            return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return QStringLiteral("%1 epochs written to %2").arg(series->epochs.size()).arg(path);
    });
}

// --- Market actions ---

QFuture<Result<OfferPoint>> LocalOperatorService::publishOffer(const QString &nodeId,
                                                               qint64 priceQueryMicro)
{
    if (m_remote->contains(nodeId))
        return console::refusedFuture<OfferPoint>(
            QStringLiteral("the offers of a remote node are made on its own machine"));
    return m_market->publishOffer(nodeId, priceQueryMicro, viewContext());
}

// Resolves with the stake as the view node's projection has it once the command signed the
// event (the projection follows within seconds, and marketChanged says when).
QFuture<Result<StakeView>>
LocalOperatorService::stakeChange(const QString &nodeId, const QString &verb, qint64 amountMicro)
{
    if (m_remote->contains(nodeId))
        return console::refusedFuture<StakeView>(
            QStringLiteral("the stake of a remote node is managed on its own machine"));
    return m_market->stake(nodeId, verb, amountMicro)
        .then(this,
              [this, nodeId](const Result<QString> &done) -> QFuture<Result<StakeView>> {
                  if (!done)
                      return console::refusedFuture<StakeView>(done.error());
                  return stake(nodeId, {});
              })
        .unwrap();
}

QFuture<Result<StakeView>> LocalOperatorService::bond(const QString &nodeId, qint64 amountMicro)
{
    return stakeChange(nodeId, QStringLiteral("bond"), amountMicro);
}

QFuture<Result<StakeView>> LocalOperatorService::unbond(const QString &nodeId, qint64 amountMicro)
{
    return stakeChange(nodeId, QStringLiteral("unbond"), amountMicro);
}

// --- Remote nodes and alerts ---

QFuture<Result<NodeSummary>> LocalOperatorService::addRemoteNode(const QString &name,
                                                                 const QString &address,
                                                                 const QString &adminToken)
{
    return announced(m_remote->add(name, address, adminToken, m_config.clock->nowMs()));
}

void LocalOperatorService::setWebhookUrl(const QString &url)
{
    if (auto set = m_webhook->setUrl(url); !set) {
        (void)m_webhook->setUrl({});
        Q_EMIT alertRaised(Alert{Alert::Severity::Warning,
                                 {},
                                 QStringLiteral("webhook"),
                                 set.error(),
                                 m_config.clock->nowMs()});
    }
}

std::unique_ptr<OperatorService> makeOperatorService(const OperatorServiceConfig &config)
{
    return std::make_unique<LocalOperatorService>(config);
}

} // namespace streamsync::interfaces
