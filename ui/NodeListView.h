#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace streamsync::ui {

class NodeTableModel;

// The node table with its filter field: a sortable QTableView over a NodeTableModel through a
// QSortFilterProxyModel. Speaks in node ids, so callers never deal with proxy rows.
class NodeListView : public QWidget
{
    Q_OBJECT

public:
    explicit NodeListView(NodeTableModel *model, QWidget *parent = nullptr);

    // Empty when no node is selected.
    QString selectedNodeId() const;
    void selectNode(const QString &nodeId);

    QByteArray headerState() const;
    void restoreHeaderState(const QByteArray &state);

Q_SIGNALS:
    void selectionChanged();

private:
    void setUpColumns();

    NodeTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
};

} // namespace streamsync::ui
