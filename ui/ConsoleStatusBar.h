#pragma once

#include <QStatusBar>

class QLabel;

namespace streamsync::ui {

// The main window's status bar: who is signed in, how many nodes there are, and how the last
// action went. Permanent labels rather than showMessage(), so the last result stays readable.
class ConsoleStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    explicit ConsoleStatusBar(QWidget *parent = nullptr);

    // Empty while the operator key is still locked.
    void setOperator(const QString &shortId);
    void setNodeCount(int total, int online);
    void setLastAction(const QString &text, bool failed);
    // The embedded local network's or the node processes' state, one short line.
    void setNetworkStatus(const QString &summary);

private:
    QLabel *m_lastAction;
    QLabel *m_network;
    QLabel *m_nodeCount;
    QLabel *m_operator;
};

} // namespace streamsync::ui
