#pragma once

#include "daemon/HandoffProgress.h"
#include "interfaces/MarketData.h"
#include "node/Lifecycle.h"
#include "node/LifecycleState.h"
#include "node/Transition.h"
#include "util/Result.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

class Clock;
struct ScryptCost;

namespace interfaces {

// What the console shows of one of the operator's nodes.
struct NodeSummary
{
    QString id;      // full node id, hex
    QString shortId; // base32, grouped, for display
    QString name;
    QString folder;
    qint64 quotaBytes = 0;
    qint64 usedBytes = 0;
    LifecycleState state = LifecycleState::Provisioning;
    qint64 createdMs = 0;
    // A node on another machine (addRemoteNode): its admin API's HOST:PORT; empty for the nodes
    // this console runs itself (which have a folder instead).
    QString remoteAddress;
    // Once the node drained: how much of its data other nodes now hold (DESIGN §5).
    std::optional<HandoffProgress> handoff;
};

struct NewNodeRequest
{
    QString name;
    QString folder;
    qint64 quotaBytes = 0;
};

struct DiskSpace
{
    QString mountRoot;
    qint64 freeBytes = 0;
    qint64 totalBytes = 0;
};

struct ProfileStatus
{
    QString profileDir;
    bool hasOperatorKey = false;
    QString operatorShortId; // empty until a key exists
};

// The console's only way into the node core (in the manner of Bitcoin Core's src/interfaces/):
// the ui library includes this header and never touches SQL, OpenSSL or files itself.
//
// Every call that may touch the disk, derive a key or query the database runs on the service's
// own worker thread and returns a QFuture; attach a continuation with a context object
// (`future.then(widget, ...)`) to get the result on the GUI thread, and only if the widget still
// lives. Signals are emitted on the thread that owns the service (the GUI thread).
class OperatorService : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~OperatorService() override = default;

    // Opens (creating if needed) the operator profile: database and key status.
    virtual QFuture<Result<ProfileStatus>> open() = 0;
    // First start: generates the operator key and stores it encrypted with the passphrase.
    virtual QFuture<Result<ProfileStatus>> createOperatorKey(const QString &passphrase) = 0;
    // Later starts: decrypts the operator key. A wrong passphrase is an error, nothing changes.
    virtual QFuture<Result<ProfileStatus>> unlock(const QString &passphrase) = 0;

    virtual QFuture<Result<QList<NodeSummary>>> nodes() = 0;
    // Creates the node's key in the folder, records it and takes it Provisioning → Stopped.
    virtual QFuture<Result<NodeSummary>> addNode(const NewNodeRequest &request) = 0;
    // An operator action (Start, Pause, Resume, Drain, Retire, Restart).
    virtual QFuture<Result<NodeSummary>> changeState(const QString &nodeId, LifecycleState target,
                                                     const QString &why) = 0;
    virtual QFuture<Result<QList<Transition>>> history(const QString &nodeId) = 0;
    // Free and total space of the filesystem that holds `folder` (or its nearest existing parent).
    virtual QFuture<Result<DiskSpace>> diskSpace(const QString &folder) = 0;

    // --- The market (issues #5 and #6): projections of the log, read on the worker thread ---

    // Earnings per closed epoch for one node, or for all of the operator's nodes when nodeId
    // is empty, with today's, the running epoch's and the month's estimate.
    virtual QFuture<Result<EarningsSeries>> earnings(const QString &nodeId, TimeRange range) = 0;
    virtual QFuture<Result<ReputationSeries>> reputation(const QString &nodeId,
                                                         TimeRange range) = 0;
    virtual QFuture<Result<StakeView>> stake(const QString &nodeId, TimeRange range) = 0;
    virtual QFuture<Result<MarketView>> market(TimeRange range) = 0;
    // A projection over the current market for `nodeId`'s price (see PriceCurve).
    virtual QFuture<Result<PriceCurvePtr>> priceCurve(const QString &nodeId) = 0;
    // Signs and publishes the node's new offer; refused (with the bound named) outside the
    // parameters' bounds. Resolves once the node's log holds the offer.
    virtual QFuture<Result<OfferPoint>> publishOffer(const QString &nodeId,
                                                     qint64 priceQueryMicro) = 0;
    virtual QFuture<Result<StakeView>> bond(const QString &nodeId, qint64 amountMicro) = 0;
    virtual QFuture<Result<StakeView>> unbond(const QString &nodeId, qint64 amountMicro) = 0;
    virtual QFuture<Result<EconomicsView>> economics(TimeRange range, CostAssumptions costs) = 0;
    // The newest `limit` events whose kind or author contains `filter` (empty: all).
    virtual QFuture<Result<QList<LogEntry>>> logEntries(const QString &filter, int limit) = 0;
    // Re-checks every stored event's signature and chain; the result says how many and which
    // failed, if any.
    virtual QFuture<Result<QString>> verifyLog() = 0;
    virtual QFuture<Result<QString>> exportLog(const QString &path) = 0;
    virtual QFuture<Result<QString>> exportEarningsCsv(const QString &nodeId, TimeRange range,
                                                       const QString &path) = 0;
    // A node on another machine, managed through its admin API (DESIGN §8).
    virtual QFuture<Result<NodeSummary>> addRemoteNode(const QString &name, const QString &address,
                                                       const QString &adminToken) = 0;
    // Where alerts are also posted as JSON (empty: nowhere).
    virtual void setWebhookUrl(const QString &url) = 0;

    // The targets an operator may choose from `state`; pure and cheap, fine on the GUI thread.
    static QList<LifecycleState> operatorTargets(LifecycleState state)
    {
        return allowedTargets(state, Actor::Operator);
    }

Q_SIGNALS:
    // A node was added or changed state. addNode() and changeState() emit it with their result
    // before their own future finishes, so a view kept up to date by this signal alone needs
    // nothing more from their results.
    void nodeChanged(const streamsync::interfaces::NodeSummary &node);
    // The log or the projections moved (new events, a closed epoch): views refresh.
    void marketChanged();
    // Something the operator should know about (DESIGN §9): shown inline and in the tray.
    void alertRaised(const streamsync::interfaces::Alert &alert);
    // The embedded local network or a node process started, stopped or failed.
    void networkStatusChanged(const QString &summary);
};

struct OperatorServiceConfig
{
    QString profileDir;
    // Cost of the passphrase KDF; tests lower it. Defaults to the interactive cost.
    std::shared_ptr<const ScryptCost> kdfCost;
    std::shared_ptr<const Clock> clock; // defaults to the system clock

    // With no bootstrap peers configured, run the embedded local network (DESIGN §8) in
    // `localnet.dir` (default `<profileDir>/localnet`). The console's `--no-localnet` and tests
    // turn it off.
    bool embeddedNetwork = true;
    struct LocalNet
    {
        QString dir;
        int competitors = 6;
        qint64 epochMs = 30'000;
        int rate = 20; // the customer workload's queries per second
    } localnet;
    // The `streamsync-node` binary; empty: $STREAMSYNC_NODE_BIN, next to the executable, or the
    // build tree.
    QString nodeProgram;
    // How often the worker looks for market changes and alerts.
    int pollIntervalMs = 1000;
};

std::unique_ptr<OperatorService> makeOperatorService(const OperatorServiceConfig &config);

} // namespace interfaces
} // namespace streamsync

Q_DECLARE_METATYPE(streamsync::interfaces::NodeSummary)
