#include "NodeTableModel.h"

#include "ConsoleLook.h"
#include "Format.h"
#include "StatePresentation.h"

#include <QApplication>
#include <QLocale>

#include <QStyle>
#include <limits>

namespace streamsync::ui {

namespace {

QString usedText(const interfaces::NodeSummary &node)
{
    if (node.quotaBytes <= 0)
        return dataSize(node.usedBytes);
    const double percent = 100.0 * double(node.usedBytes) / double(node.quotaBytes);
    return NodeTableModel::tr("%1 (%2%)")
        .arg(dataSize(node.usedBytes), QLocale().toString(percent, 'f', 0));
}

// "Draining · 40 %": how much of the node's data other nodes hold now (by bytes).
QString stateText(const interfaces::NodeSummary &node)
{
    const QString state = toString(node.state);
    if (node.state != LifecycleState::Draining || !node.handoff)
        return state;
    const HandoffProgress &h = *node.handoff;
    const double done = h.bytesTotal > 0     ? double(h.bytesDone) / double(h.bytesTotal)
                        : h.objectsTotal > 0 ? double(h.objectsDone) / double(h.objectsTotal)
                                             : 1.0;
    return NodeTableModel::tr("%1 · %2 handed off").arg(state, format::percent(done, 0));
}

QString handoffText(const HandoffProgress &h)
{
    return NodeTableModel::tr("Handed off %1 of %2 objects (%3 of %4). %5")
        .arg(h.objectsDone)
        .arg(h.objectsTotal)
        .arg(dataSize(h.bytesDone), dataSize(h.bytesTotal), h.note);
}

bool isMetric(int column)
{
    return column >= NodeTableModel::TodayColumn && column <= NodeTableModel::StakeColumn;
}

QVariant money(const std::optional<qint64> &micro)
{
    return micro ? QVariant(format::credits(*micro)) : QVariant(QStringLiteral("—"));
}

QVariant share(const std::optional<double> &value)
{
    return value ? QVariant(format::percent(*value, 0)) : QVariant(QStringLiteral("—"));
}

// Unknown figures sort below every known one.
QVariant sortable(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(std::numeric_limits<qint64>::min());
}

QVariant sortable(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant(-1.0);
}

} // namespace

NodeTableModel::NodeTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int NodeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_nodes.size())
        return {};
    const interfaces::NodeSummary &node = m_nodes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(node, index.column());
    case Qt::ToolTipRole:
        return toolTip(node, index.column());
    case Qt::DecorationRole:
        return decoration(node, index.column());
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case NodeIdRole:
        return node.id;
    case StateRole:
        return static_cast<int>(node.state);
    case SortRole:
        return sortValue(node, index.column());
    default:
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case IdColumn:
        return tr("Id");
    case StateColumn:
        return tr("State");
    case TodayColumn:
        return tr("Today");
    case EpochColumn:
        return tr("This epoch");
    case TotalColumn:
        return tr("All time");
    case AccuracyColumn:
        return tr("Accuracy");
    case PerformanceColumn:
        return tr("Perf.");
    case UptimeColumn:
        return tr("Uptime");
    case StakeColumn:
        return tr("Stake");
    case UsedColumn:
        return tr("Disk used");
    case QuotaColumn:
        return tr("Quota");
    case AlertsColumn:
        return tr("Alerts");
    case FolderColumn:
        return tr("Storage folder");
    }
    return {};
}

void NodeTableModel::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    beginResetModel();
    m_nodes = nodes;
    endResetModel();
}

void NodeTableModel::upsert(const interfaces::NodeSummary &node)
{
    const int row = rowOf(node.id);
    if (row >= 0) {
        m_nodes[row] = node;
        Q_EMIT dataChanged(index(row, 0), index(row, kColumnCount - 1));
        return;
    }
    const int end = int(m_nodes.size());
    beginInsertRows({}, end, end);
    m_nodes.append(node);
    endInsertRows();
}

void NodeTableModel::setMetrics(const QString &nodeId, const NodeMetrics &metrics)
{
    // Alerts are counted here as they arrive; a reload of the figures must not reset them.
    NodeMetrics merged = metrics;
    merged.alerts = m_metrics.value(nodeId).alerts;
    merged.lastAlert = m_metrics.value(nodeId).lastAlert;
    m_metrics.insert(nodeId, merged);
    emitRowChanged(nodeId);
}

void NodeTableModel::addAlert(const QString &nodeId, const QString &text)
{
    NodeMetrics &metrics = m_metrics[nodeId];
    ++metrics.alerts;
    metrics.lastAlert = text;
    emitRowChanged(nodeId);
}

void NodeTableModel::emitRowChanged(const QString &nodeId)
{
    const int row = rowOf(nodeId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, kColumnCount - 1));
}

int NodeTableModel::rowOf(const QString &nodeId) const
{
    for (int row = 0; row < m_nodes.size(); ++row) {
        if (m_nodes.at(row).id == nodeId)
            return row;
    }
    return -1;
}

std::optional<interfaces::NodeSummary> NodeTableModel::node(const QString &nodeId) const
{
    const int row = rowOf(nodeId);
    if (row < 0)
        return std::nullopt;
    return m_nodes.at(row);
}

QVariant NodeTableModel::display(const interfaces::NodeSummary &node, int column) const
{
    switch (column) {
    case NameColumn:
        return node.name;
    case IdColumn:
        return node.shortId;
    case StateColumn:
        return stateText(node);
    case FolderColumn:
        return node.folder;
    case QuotaColumn:
        return dataSize(node.quotaBytes);
    case UsedColumn:
        return usedText(node);
    case AlertsColumn:
        return m_metrics.value(node.id).alerts;
    }
    return isMetric(column) ? metricDisplay(m_metrics.value(node.id), column) : QVariant();
}

QVariant NodeTableModel::metricDisplay(const NodeMetrics &metrics, int column) const
{
    switch (column) {
    case TodayColumn:
        return money(metrics.todayMicro);
    case EpochColumn:
        return money(metrics.epochMicro);
    case TotalColumn:
        return money(metrics.totalMicro);
    case AccuracyColumn:
        return share(metrics.accuracy);
    case PerformanceColumn:
        return share(metrics.performance);
    case UptimeColumn:
        return share(metrics.uptime);
    case StakeColumn:
        if (metrics.unbondingMicro > 0)
            return tr("%1 (+%2 unbonding, %3 left)")
                .arg(money(metrics.stakeMicro).toString(), format::credits(metrics.unbondingMicro),
                     format::countdown(metrics.nextReleaseInMs));
        return money(metrics.stakeMicro);
    }
    return {};
}

QVariant NodeTableModel::metricSortValue(const NodeMetrics &metrics, int column) const
{
    switch (column) {
    case TodayColumn:
        return sortable(metrics.todayMicro);
    case EpochColumn:
        return sortable(metrics.epochMicro);
    case TotalColumn:
        return sortable(metrics.totalMicro);
    case AccuracyColumn:
        return sortable(metrics.accuracy);
    case PerformanceColumn:
        return sortable(metrics.performance);
    case UptimeColumn:
        return sortable(metrics.uptime);
    case StakeColumn:
        return sortable(metrics.stakeMicro);
    }
    return {};
}

QVariant NodeTableModel::metricToolTip(const NodeMetrics &metrics, int column) const
{
    if (!metrics.error.isEmpty())
        return tr("Not known yet: %1").arg(metrics.error);
    switch (column) {
    case TodayColumn:
        return tr("Earned since local midnight, every source");
    case EpochColumn:
        return tr("Fees earned in the epoch that has not closed yet");
    case AccuracyColumn:
        return metrics.suspended ? tr("Suspended: accuracy under the network's threshold")
                                 : tr("Share of verified answers and passed audits");
    case PerformanceColumn:
        return tr("Race latency against the SLA deadline");
    case UptimeColumn:
        return tr("Share of liveness probes answered");
    case StakeColumn:
        if (metrics.unbondingMicro > 0 && metrics.nextReleaseMs)
            return tr("Bonded stake. %1 unbonding, the next part released at %2")
                .arg(format::credits(metrics.unbondingMicro),
                     format::dateTime(*metrics.nextReleaseMs));
        return tr("Bonded stake");
    }
    return {};
}

QVariant NodeTableModel::decoration(const interfaces::NodeSummary &node, int column) const
{
    if (column == StateColumn)
        return stateIcon(node.state);
    if (column == AlertsColumn && m_metrics.value(node.id).alerts > 0)
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    return {};
}

QVariant NodeTableModel::sortValue(const interfaces::NodeSummary &node, int column) const
{
    switch (column) {
    case StateColumn:
        return static_cast<int>(node.state); // lifecycle order, not alphabetical
    case QuotaColumn:
        return node.quotaBytes;
    case UsedColumn:
        return node.usedBytes;
    case AlertsColumn:
        return m_metrics.value(node.id).alerts;
    default:
        return isMetric(column) ? metricSortValue(m_metrics.value(node.id), column)
                                : display(node, column);
    }
}

QVariant NodeTableModel::toolTip(const interfaces::NodeSummary &node, int column) const
{
    switch (column) {
    case IdColumn:
        return tr("Node id: %1").arg(node.id);
    case StateColumn:
        return node.handoff && (node.state == LifecycleState::Draining ||
                                node.state == LifecycleState::Exited)
                   ? stateDescription(node.state) + QLatin1Char('\n') + handoffText(*node.handoff)
                   : stateDescription(node.state);
    case FolderColumn:
        return node.folder;
    case AlertsColumn:
        return m_metrics.value(node.id).lastAlert;
    case UsedColumn:
        return tr("%1 of the %2 quota").arg(dataSize(node.usedBytes), dataSize(node.quotaBytes));
    default:
        return isMetric(column) ? metricToolTip(m_metrics.value(node.id), column) : QVariant();
    }
}

QVariant NodeTableModel::alignment(int column) const
{
    const bool numeric =
        column == QuotaColumn || column == UsedColumn || column == AlertsColumn || isMetric(column);
    return QVariant::fromValue(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
}

} // namespace streamsync::ui
