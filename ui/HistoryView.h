#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace streamsync::ui {

class TransitionHistoryModel;

// The selected node's lifecycle history under the node table: a heading that names the node and
// a read-only table over a TransitionHistoryModel that keeps the newest row in view.
class HistoryView : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryView(TransitionHistoryModel *model, QWidget *parent = nullptr);

    // Empty name: nothing selected.
    void setNodeName(const QString &name);

private:
    void setUpColumns();

    TransitionHistoryModel *m_model;
    QLabel *m_title;
    QTableView *m_table;
};

} // namespace streamsync::ui
