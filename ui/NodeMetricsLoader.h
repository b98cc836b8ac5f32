#pragma once

#include "NodeMetrics.h"
#include "interfaces/OperatorService.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace streamsync::ui {

class NodeTableModel;
class RefreshCoalescer;

// Fills the Overview's per-node figures: for each node, its earnings (today, this epoch, all
// time), its latest reputation and its bonded stake, three facade calls per node. One round is
// in flight at a time (RefreshCoalescer); a round's figures go into the model as each node's
// three answers are in, so a slow node does not hold up the rest.
class NodeMetricsLoader : public QObject
{
    Q_OBJECT

public:
    using NowFunction = std::function<qint64()>;

    NodeMetricsLoader(interfaces::OperatorService &service, NodeTableModel *model,
                      QObject *parent = nullptr);

    void setNowFunction(NowFunction now) { m_now = std::move(now); }
    // The nodes or the market moved: reload soon.
    void request();
    int roundsStarted() const;

private:
    struct Pending
    {
        NodeMetrics metrics;
        int answers = 0;
    };

    void startRound();
    void loadNode(const QString &nodeId);
    void onEarnings(const QString &nodeId, const Result<interfaces::EarningsSeries> &result);
    void onReputation(const QString &nodeId, const Result<interfaces::ReputationSeries> &result);
    void onStake(const QString &nodeId, const Result<interfaces::StakeView> &result);
    void answered(const QString &nodeId, const QString &error);

    interfaces::OperatorService &m_service;
    NodeTableModel *m_model;
    RefreshCoalescer *m_refresher;
    NowFunction m_now;
    QHash<QString, Pending> m_pending;
};

} // namespace streamsync::ui
