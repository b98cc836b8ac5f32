#include "NodePicker.h"

#include <QSignalBlocker>

namespace streamsync::ui {

NodePicker::NodePicker(const QString &objectName, AllOption all, QWidget *parent)
    : QComboBox(parent), m_all(all)
{
    setObjectName(objectName);
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setToolTip(tr("Which node to show"));
    setNodes({});
    connect(this, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT nodeChosen(currentNodeId()); });
}

void NodePicker::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    const QString kept = currentNodeId();
    {
        const QSignalBlocker block(this);
        clear();
        m_nodeCount = int(nodes.size());
        if (m_all == AllOption::Offered)
            addItem(tr("All nodes"), QString());
        for (const interfaces::NodeSummary &node : nodes)
            addItem(tr("%1 (%2)").arg(node.name, node.shortId), node.id);
        if (count() == 0)
            addItem(tr("No node yet"), QString());
        const int index = findData(kept);
        setCurrentIndex(index >= 0 ? index : 0);
    }
    setEnabled(m_nodeCount > 0);
    if (currentNodeId() != kept)
        Q_EMIT nodeChosen(currentNodeId());
}

QString NodePicker::currentNodeId() const
{
    return currentData().toString();
}

void NodePicker::setCurrentNodeId(const QString &nodeId)
{
    const int index = findData(nodeId);
    if (index >= 0)
        setCurrentIndex(index);
}

} // namespace streamsync::ui
