#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QToolButton;

namespace streamsync::ui {

// What the main window shows instead of an empty node table and an empty history: why there is
// nothing to see and, once the operator key is unlocked, the one thing to do about it.
class EmptyNodesPage : public QWidget
{
    Q_OBJECT

public:
    explicit EmptyNodesPage(QAction *addNodeAction, QWidget *parent = nullptr);

    // While the key is locked the nodes are unknown, so the page must not claim there are none.
    void setLocked(bool locked);

private:
    QLabel *m_text;
    QToolButton *m_add;
};

} // namespace streamsync::ui
