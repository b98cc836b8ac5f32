#include "NodeListView.h"

#include "ConsoleLook.h"
#include "NodeTableModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace streamsync::ui {

NodeListView::NodeListView(NodeTableModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)),
      m_filter(new QLineEdit(this)), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("nodeListView"));
    m_proxy->setObjectName(QStringLiteral("nodeProxyModel"));
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(NodeTableModel::SortRole);
    m_proxy->setFilterKeyColumn(-1); // the filter matches any column
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("nodeFilter"));
    m_filter->setPlaceholderText(tr("Filter nodes by name, id, state or folder"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_table->setObjectName(QStringLiteral("nodeTable"));
    m_table->setModel(m_proxy);
    setUpColumns();
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &NodeListView::selectionChanged);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
}

void NodeListView::setUpColumns()
{
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(NodeTableModel::NameColumn, Qt::AscendingOrder);
    setUpReadOnlyTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    // Names, ids, states and sizes are short and must be read whole; the folder path takes what
    // is left and elides in the middle, where paths differ least.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(NodeTableModel::FolderColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(80);
    m_table->setTextElideMode(Qt::ElideMiddle);
}

QString NodeListView::selectedNodeId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return rows.first().data(NodeTableModel::NodeIdRole).toString();
}

void NodeListView::selectNode(const QString &nodeId)
{
    const int sourceRow = m_model->rowOf(nodeId);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return; // filtered out; leave the operator's filter alone
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

QByteArray NodeListView::headerState() const
{
    return m_table->horizontalHeader()->saveState();
}

void NodeListView::restoreHeaderState(const QByteArray &state)
{
    if (!state.isEmpty())
        m_table->horizontalHeader()->restoreState(state);
}

} // namespace streamsync::ui
