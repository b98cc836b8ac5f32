#include "NodeTableModel.h"

#include "ConsoleLook.h"
#include "StatePresentation.h"

#include <QLocale>

namespace streamsync::ui {

namespace {

QString usedText(const interfaces::NodeSummary &node)
{
    if (node.quotaBytes <= 0)
        return dataSize(node.usedBytes);
    const double percent = 100.0 * double(node.usedBytes) / double(node.quotaBytes);
    return NodeTableModel::tr("%1 (%2%)")
        .arg(dataSize(node.usedBytes), QLocale().toString(percent, 'f', 0));
}

} // namespace

NodeTableModel::NodeTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int NodeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_nodes.size())
        return {};
    const interfaces::NodeSummary &node = m_nodes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(node, index.column());
    case Qt::ToolTipRole:
        return toolTip(node, index.column());
    case Qt::DecorationRole:
        return index.column() == StateColumn ? QVariant(stateIcon(node.state)) : QVariant();
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case NodeIdRole:
        return node.id;
    case StateRole:
        return static_cast<int>(node.state);
    case SortRole:
        return sortValue(node, index.column());
    default:
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case IdColumn:
        return tr("Id");
    case StateColumn:
        return tr("State");
    case FolderColumn:
        return tr("Storage folder");
    case QuotaColumn:
        return tr("Quota");
    case UsedColumn:
        return tr("Used");
    }
    return {};
}

void NodeTableModel::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    beginResetModel();
    m_nodes = nodes;
    endResetModel();
}

void NodeTableModel::upsert(const interfaces::NodeSummary &node)
{
    const int row = rowOf(node.id);
    if (row >= 0) {
        m_nodes[row] = node;
        Q_EMIT dataChanged(index(row, 0), index(row, kColumnCount - 1));
        return;
    }
    const int end = int(m_nodes.size());
    beginInsertRows({}, end, end);
    m_nodes.append(node);
    endInsertRows();
}

int NodeTableModel::rowOf(const QString &nodeId) const
{
    for (int row = 0; row < m_nodes.size(); ++row) {
        if (m_nodes.at(row).id == nodeId)
            return row;
    }
    return -1;
}

std::optional<interfaces::NodeSummary> NodeTableModel::node(const QString &nodeId) const
{
    const int row = rowOf(nodeId);
    if (row < 0)
        return std::nullopt;
    return m_nodes.at(row);
}

QVariant NodeTableModel::display(const interfaces::NodeSummary &node, int column) const
{
    switch (column) {
    case NameColumn:
        return node.name;
    case IdColumn:
        return node.shortId;
    case StateColumn:
        return toString(node.state);
    case FolderColumn:
        return node.folder;
    case QuotaColumn:
        return dataSize(node.quotaBytes);
    case UsedColumn:
        return usedText(node);
    }
    return {};
}

QVariant NodeTableModel::sortValue(const interfaces::NodeSummary &node, int column) const
{
    switch (column) {
    case StateColumn:
        return static_cast<int>(node.state); // lifecycle order, not alphabetical
    case QuotaColumn:
        return node.quotaBytes;
    case UsedColumn:
        return node.usedBytes;
    default:
        return display(node, column);
    }
}

QVariant NodeTableModel::toolTip(const interfaces::NodeSummary &node, int column) const
{
    switch (column) {
    case IdColumn:
        return tr("Node id: %1").arg(node.id);
    case StateColumn:
        return stateDescription(node.state);
    case FolderColumn:
        return node.folder;
    default:
        return {};
    }
}

QVariant NodeTableModel::alignment(int column) const
{
    const bool numeric = column == QuotaColumn || column == UsedColumn;
    return QVariant::fromValue(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
}

} // namespace streamsync::ui
