#pragma once

#include "interfaces/OperatorService.h"

#include <QHash>
#include <QTimer>

#include <functional>
#include <memory>

namespace streamsync {

namespace console {
class AlertMonitor;
class EmbeddedNetwork;
class NodeRunner;
class OwnNodeMarket;
class ProfileWorker;
class ProjectionReader;
class RemoteNodes;
class WebhookPoster;
struct ViewContext;
} // namespace console

namespace interfaces {

// The OperatorService that runs the operator's nodes from this process (DESIGN §8).
//
// Threads: the operator's profile and the market views' reader are touched only from one worker
// thread (console::ProfileWorker), so each SQLite connection stays on the thread that opened it
// and the GUI thread only ever receives finished results. What is asynchronous by nature runs on
// the service's own thread with signals only: the nodes' processes (console::NodeRunner), the
// embedded local network (console::EmbeddedNetwork), the remote nodes' admin APIs
// (console::RemoteNodes), offers and stake (console::OwnNodeMarket) and the alert webhook.
//
// The market views read the "view node": the first of the operator's nodes that runs, else the
// local network's first competitor. A poll every `pollIntervalMs` asks the worker, unless it is
// still busy with the last one, whether that node's log or projections moved (marketChanged)
// and what to alert about (console::AlertMonitor).
class LocalOperatorService final : public OperatorService
{
    Q_OBJECT

public:
    explicit LocalOperatorService(const OperatorServiceConfig &config);
    // Stops the nodes and the local network (each child gets SIGTERM and a grace), then closes
    // the databases on their own thread and joins the worker.
    ~LocalOperatorService() override;

    QFuture<Result<ProfileStatus>> open() override;
    QFuture<Result<ProfileStatus>> createOperatorKey(const QString &passphrase) override;
    QFuture<Result<ProfileStatus>> unlock(const QString &passphrase) override;
    QFuture<Result<QList<NodeSummary>>> nodes() override;
    QFuture<Result<NodeSummary>> addNode(const NewNodeRequest &request) override;
    QFuture<Result<NodeSummary>> changeState(const QString &nodeId, LifecycleState target,
                                             const QString &why) override;
    QFuture<Result<QList<Transition>>> history(const QString &nodeId) override;
    QFuture<Result<DiskSpace>> diskSpace(const QString &folder) override;

    QFuture<Result<EarningsSeries>> earnings(const QString &nodeId, TimeRange range) override;
    QFuture<Result<ReputationSeries>> reputation(const QString &nodeId, TimeRange range) override;
    QFuture<Result<StakeView>> stake(const QString &nodeId, TimeRange range) override;
    QFuture<Result<MarketView>> market(TimeRange range) override;
    QFuture<Result<PriceCurvePtr>> priceCurve(const QString &nodeId) override;
    QFuture<Result<OfferPoint>> publishOffer(const QString &nodeId,
                                             qint64 priceQueryMicro) override;
    QFuture<Result<StakeView>> bond(const QString &nodeId, qint64 amountMicro) override;
    QFuture<Result<StakeView>> unbond(const QString &nodeId, qint64 amountMicro) override;
    QFuture<Result<EconomicsView>> economics(TimeRange range, CostAssumptions costs) override;
    QFuture<Result<QList<LogEntry>>> logEntries(const QString &filter, int limit) override;
    QFuture<Result<QString>> verifyLog() override;
    QFuture<Result<QString>> exportLog(const QString &path) override;
    QFuture<Result<QString>> exportEarningsCsv(const QString &nodeId, TimeRange range,
                                               const QString &path) override;
    QFuture<Result<NodeSummary>> addRemoteNode(const QString &name, const QString &address,
                                               const QString &adminToken) override;
    // An address that is not http(s) is refused: the webhook is cleared and an alert of kind
    // "webhook" says why.
    void setWebhookUrl(const QString &url) override;

    // For tests and diagnostics: the pid of a node's process (0 when it does not run) and of
    // every child the local network runs.
    qint64 nodeProcessId(const QString &nodeId) const;
    QList<qint64> networkProcessIds() const;

private:
    template <typename T>
    QFuture<Result<T>> onView(std::function<Result<T>(console::ProjectionReader &)> work);
    QFuture<Result<NodeSummary>> announced(QFuture<Result<NodeSummary>> future);
    QFuture<Result<ProfileStatus>> afterUnlock(QFuture<Result<ProfileStatus>> future);
    QFuture<Result<StakeView>> stakeChange(const QString &nodeId, const QString &verb,
                                           qint64 amountMicro);
    void startNetwork();
    console::ViewContext viewContext() const;
    void poll();
    void raise(const Alert &alert);
    void announce(NodeSummary node);

    OperatorServiceConfig m_config;
    std::unique_ptr<console::ProfileWorker> m_worker;
    std::shared_ptr<console::AlertMonitor> m_alerts;
    console::EmbeddedNetwork *m_network;
    console::NodeRunner *m_runner;
    console::OwnNodeMarket *m_market;
    console::RemoteNodes *m_remote;
    console::WebhookPoster *m_webhook;
    QTimer m_poll;
    bool m_polling = false;
    int m_polls = 0;
    QString m_fingerprint;
    // Own node id → what its database said at the last poll: bytes stored, drain's handoff.
    QHash<QString, NodeSummary> m_selfReports;
    bool m_open = false;
};

} // namespace interfaces
} // namespace streamsync
