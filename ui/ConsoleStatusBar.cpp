#include "ConsoleStatusBar.h"

#include "ConsoleLook.h"

#include <QLabel>

namespace streamsync::ui {

namespace {

QLabel *statusLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setContentsMargins(6, 0, 6, 0);
    return label;
}

} // namespace

ConsoleStatusBar::ConsoleStatusBar(QWidget *parent)
    : QStatusBar(parent), m_lastAction(statusLabel(QStringLiteral("lastActionLabel"), this)),
      m_network(statusLabel(QStringLiteral("networkStatusLabel"), this)),
      m_nodeCount(statusLabel(QStringLiteral("nodeCountLabel"), this)),
      m_operator(statusLabel(QStringLiteral("operatorLabel"), this))
{
    setObjectName(QStringLiteral("statusBar"));
    m_lastAction->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long messages must not widen the window past a small screen (a 1280 px wide window was
    // pushed off screen by an alert and the network line): these two take their full width when
    // there is room and give way when not, with their whole text in the tooltip.
    for (QLabel *label : {m_lastAction, m_network})
        label->setMinimumWidth(1);
    addWidget(m_lastAction, 1);
    addPermanentWidget(m_network);
    addPermanentWidget(m_nodeCount);
    m_network->hide(); // until there is something to say
    addPermanentWidget(m_operator);
    setOperator({});
    setNodeCount(0, 0);
}

void ConsoleStatusBar::setOperator(const QString &shortId)
{
    m_operator->setText(shortId.isEmpty() ? tr("Operator key locked")
                                          : tr("Operator %1").arg(shortId));
}

void ConsoleStatusBar::setNodeCount(int total, int online)
{
    const QString nodes = total == 1 ? tr("1 node") : tr("%1 nodes").arg(total);
    m_nodeCount->setText(tr("%1, %2 online").arg(nodes).arg(online));
}

void ConsoleStatusBar::setNetworkStatus(const QString &summary)
{
    m_network->setText(summary);
    m_network->setToolTip(summary);
    m_network->setVisible(!summary.isEmpty());
}

void ConsoleStatusBar::setLastAction(const QString &text, bool failed)
{
    m_lastAction->setText(text);
    m_lastAction->setToolTip(text);
    m_lastAction->setStyleSheet(failed ? errorTextStyle() : QString());
}

} // namespace streamsync::ui
