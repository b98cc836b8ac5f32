#include "NodeMetricsLoader.h"

#include "NodeTableModel.h"
#include "RefreshCoalescer.h"
#include "Sentence.h"

#include <QDateTime>

#include <algorithm>

namespace streamsync::ui {

namespace {

constexpr int kAnswersPerNode = 3;
constexpr int kMinRefreshIntervalMs = 500; // the table is a summary; twice a second is plenty
constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;

} // namespace

NodeMetricsLoader::NodeMetricsLoader(interfaces::OperatorService &service, NodeTableModel *model,
                                     QObject *parent)
    : QObject(parent), m_service(service), m_model(model),
      m_refresher(new RefreshCoalescer([this] { startRound(); }, kMinRefreshIntervalMs, this)),
      m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{}

void NodeMetricsLoader::request()
{
    m_refresher->request();
}

int NodeMetricsLoader::roundsStarted() const
{
    return m_refresher->loadsStarted();
}

void NodeMetricsLoader::startRound()
{
    m_pending.clear();
    const QList<interfaces::NodeSummary> nodes = m_model->nodes();
    if (nodes.isEmpty()) {
        m_refresher->done();
        return;
    }
    for (const interfaces::NodeSummary &node : nodes)
        m_pending.insert(node.id, {});
    for (const interfaces::NodeSummary &node : nodes)
        loadNode(node.id);
}

// Short ranges: the figures are totals and the latest point, not the history.
void NodeMetricsLoader::loadNode(const QString &nodeId)
{
    const qint64 now = m_now();
    m_service.earnings(nodeId, {now - kHourMs, 0})
        .then(this, [this, nodeId](const Result<interfaces::EarningsSeries> &r) {
            onEarnings(nodeId, r);
        });
    m_service.reputation(nodeId, {now - kDayMs, 0})
        .then(this, [this, nodeId](const Result<interfaces::ReputationSeries> &r) {
            onReputation(nodeId, r);
        });
    m_service.stake(nodeId, {now - kHourMs, 0})
        .then(this, [this, nodeId](const Result<interfaces::StakeView> &r) { onStake(nodeId, r); });
}

void NodeMetricsLoader::onEarnings(const QString &nodeId,
                                   const Result<interfaces::EarningsSeries> &result)
{
    if (result && m_pending.contains(nodeId)) {
        NodeMetrics &m = m_pending[nodeId].metrics;
        m.todayMicro = result->todayMicro;
        m.epochMicro = result->runningEpochMicro;
        m.totalMicro = result->totalMicro;
    }
    answered(nodeId, result ? QString() : result.error());
}

void NodeMetricsLoader::onReputation(const QString &nodeId,
                                     const Result<interfaces::ReputationSeries> &result)
{
    if (result && !result->points.isEmpty() && m_pending.contains(nodeId)) {
        const auto latest =
            std::max_element(result->points.begin(), result->points.end(),
                             [](const auto &a, const auto &b) { return a.timeMs < b.timeMs; });
        NodeMetrics &m = m_pending[nodeId].metrics;
        m.accuracy = latest->accuracy;
        m.performance = latest->performance;
        m.uptime = latest->uptime;
        m.quality = latest->quality;
        m.suspended = latest->suspended;
    }
    answered(nodeId, result ? QString() : result.error());
}

void NodeMetricsLoader::onStake(const QString &nodeId, const Result<interfaces::StakeView> &result)
{
    if (result && m_pending.contains(nodeId)) {
        NodeMetrics &m = m_pending[nodeId].metrics;
        m.stakeMicro = result->bondedMicro;
        m.unbondingMicro = result->unbondingMicro;
        for (const interfaces::UnbondingEntry &entry : result->unbonding) {
            if (!m.nextReleaseMs || entry.releaseMs < *m.nextReleaseMs)
                m.nextReleaseMs = entry.releaseMs;
        }
        if (m.nextReleaseMs)
            m.nextReleaseInMs = qMax<qint64>(0, *m.nextReleaseMs - m_now());
    }
    answered(nodeId, result ? QString() : result.error());
}

void NodeMetricsLoader::answered(const QString &nodeId, const QString &error)
{
    auto it = m_pending.find(nodeId);
    if (it == m_pending.end())
        return; // a node the round no longer waits for
    if (!error.isEmpty() && it->metrics.error.isEmpty())
        it->metrics.error = asSentence(error);
    if (++it->answers < kAnswersPerNode)
        return;
    m_model->setMetrics(nodeId, it->metrics);
    m_pending.erase(it);
    if (m_pending.isEmpty())
        m_refresher->done();
}

} // namespace streamsync::ui
