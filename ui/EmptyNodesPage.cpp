#include "EmptyNodesPage.h"

#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace streamsync::ui {

EmptyNodesPage::EmptyNodesPage(QAction *addNodeAction, QWidget *parent)
    : QWidget(parent), m_text(new QLabel(this)), m_add(new QToolButton(this))
{
    setObjectName(QStringLiteral("emptyNodesPage"));
    m_text->setObjectName(QStringLiteral("emptyHint"));
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_add->setObjectName(QStringLiteral("emptyAddNodeButton"));
    m_add->setDefaultAction(addNodeAction);
    m_add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_text);
    layout->addSpacing(8);
    layout->addWidget(m_add, 0, Qt::AlignHCenter);
    layout->addStretch(1);
    setLocked(true);
}

void EmptyNodesPage::setLocked(bool locked)
{
    m_text->setText(
        locked ? tr("<h3>Operator key locked</h3><p>Unlock the operator key to see and manage "
                    "your nodes.</p>")
               : tr("<h3>No nodes yet</h3><p>A node offers a folder of spare disk space to the "
                    "network and earns for storing and serving data.</p>"));
    m_add->setVisible(!locked);
}

} // namespace streamsync::ui
