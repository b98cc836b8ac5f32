#pragma once

#include "interfaces/OperatorService.h"

#include <QComboBox>

namespace streamsync::ui {

// Chooses which of the operator's nodes a view shows, optionally with "All nodes" first.
// Keeps the choice by node id when the list is refreshed.
class NodePicker : public QComboBox
{
    Q_OBJECT

public:
    enum class AllOption { Offered, NotOffered };

    NodePicker(const QString &objectName, AllOption all, QWidget *parent = nullptr);

    void setNodes(const QList<interfaces::NodeSummary> &nodes);
    // Empty for "All nodes" (as the facade takes it) and when there is no node at all.
    QString currentNodeId() const;
    void setCurrentNodeId(const QString &nodeId);
    bool hasNodes() const { return m_nodeCount > 0; }

Q_SIGNALS:
    void nodeChosen(const QString &nodeId);

private:
    AllOption m_all;
    int m_nodeCount = 0;
};

} // namespace streamsync::ui
