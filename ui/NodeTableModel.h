#pragma once

#include "NodeMetrics.h"
#include "interfaces/OperatorService.h"

#include <QHash>

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace streamsync::ui {

// The operator's nodes as table rows, side by side (DESIGN §9 Overview): state, earnings,
// reputation, stake, disk and alerts. It only holds what the service reported (through
// OperatorService::nodeChanged, the results of its futures and alertRaised); it never calls the
// service.
class NodeTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        IdColumn,
        StateColumn,
        TodayColumn,
        EpochColumn,
        TotalColumn,
        AccuracyColumn,
        PerformanceColumn,
        UptimeColumn,
        StakeColumn,
        UsedColumn,
        QuotaColumn,
        AlertsColumn,
        FolderColumn,
    };
    static constexpr int kColumnCount = FolderColumn + 1;

    enum Role {
        NodeIdRole = Qt::UserRole + 1, // full id, hex (QString)
        StateRole,                     // LifecycleState as int
        SortRole,                      // a value that sorts naturally (numbers for sizes)
    };

    explicit NodeTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setNodes(const QList<interfaces::NodeSummary> &nodes);
    // Replaces the row with the same id, or appends a new one.
    void upsert(const interfaces::NodeSummary &node);

    void setMetrics(const QString &nodeId, const NodeMetrics &metrics);
    NodeMetrics metrics(const QString &nodeId) const { return m_metrics.value(nodeId); }
    void addAlert(const QString &nodeId, const QString &text);

    int rowOf(const QString &nodeId) const;
    QList<interfaces::NodeSummary> nodes() const { return m_nodes; }
    std::optional<interfaces::NodeSummary> node(const QString &nodeId) const;
    const interfaces::NodeSummary &nodeAt(int row) const { return m_nodes.at(row); }

private:
    QVariant display(const interfaces::NodeSummary &node, int column) const;
    QVariant metricDisplay(const NodeMetrics &metrics, int column) const;
    QVariant metricSortValue(const NodeMetrics &metrics, int column) const;
    QVariant metricToolTip(const NodeMetrics &metrics, int column) const;
    QVariant decoration(const interfaces::NodeSummary &node, int column) const;
    void emitRowChanged(const QString &nodeId);
    QVariant sortValue(const interfaces::NodeSummary &node, int column) const;
    QVariant toolTip(const interfaces::NodeSummary &node, int column) const;
    QVariant alignment(int column) const;

    QList<interfaces::NodeSummary> m_nodes;
    QHash<QString, NodeMetrics> m_metrics; // by node id; kept across setNodes()
};

} // namespace streamsync::ui
