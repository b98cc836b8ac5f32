#include "HistoryView.h"

#include "ConsoleLook.h"
#include "TransitionHistoryModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace streamsync::ui {

HistoryView::HistoryView(TransitionHistoryModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_title(new QLabel(this)), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("historyView"));
    m_title->setObjectName(QStringLiteral("historyTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(model);
    setUpColumns();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_table);
    // A reset means a new node or a reload after a change: the newest row is the interesting one.
    // Queued: the view lays out the new rows first.
    connect(m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::scrollToBottom,
            Qt::QueuedConnection);
    setNodeName({});
}

void HistoryView::setNodeName(const QString &name)
{
    m_title->setText(name.isEmpty() ? tr("History: select a node to see its lifecycle")
                                    : tr("History of %1").arg(name));
}

void HistoryView::setUpColumns()
{
    setUpReadOnlyTable(m_table);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TransitionHistoryModel::WhyColumn, QHeaderView::Stretch);
    header->resizeSection(TransitionHistoryModel::FromColumn, 110);
    header->resizeSection(TransitionHistoryModel::ToColumn, 110);
    header->resizeSection(TransitionHistoryModel::WhenColumn, 150);
    header->resizeSection(TransitionHistoryModel::WhoColumn, 90);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter); // as in the node table
}

} // namespace streamsync::ui
