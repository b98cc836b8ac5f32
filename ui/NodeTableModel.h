#pragma once

#include "interfaces/OperatorService.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace streamsync::ui {

// The operator's nodes as table rows. It only holds what the service reported (through
// OperatorService::nodeChanged and the results of its futures); it never calls the service.
class NodeTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, IdColumn, StateColumn, FolderColumn, QuotaColumn, UsedColumn };
    static constexpr int kColumnCount = UsedColumn + 1;

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

    int rowOf(const QString &nodeId) const;
    std::optional<interfaces::NodeSummary> node(const QString &nodeId) const;
    const interfaces::NodeSummary &nodeAt(int row) const { return m_nodes.at(row); }

private:
    QVariant display(const interfaces::NodeSummary &node, int column) const;
    QVariant sortValue(const interfaces::NodeSummary &node, int column) const;
    QVariant toolTip(const interfaces::NodeSummary &node, int column) const;
    QVariant alignment(int column) const;

    QList<interfaces::NodeSummary> m_nodes;
};

} // namespace streamsync::ui
