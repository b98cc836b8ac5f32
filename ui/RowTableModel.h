#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <functional>

namespace streamsync::ui {

// A read-only table over a list of plain values (payouts, causes, slashes, log entries), its
// columns described as data: a header and how a row reads, sorts and explains itself. The pages'
// tables differ only in that, so one small template replaces a model class per table.
// No Q_OBJECT: it adds no signals or slots to QAbstractTableModel.
template <typename T> class RowTableModel : public QAbstractTableModel
{
public:
    static constexpr int SortRole = Qt::UserRole + 1;
    using Cell = std::function<QVariant(const T &row)>;

    // What is left out sorts by the display text, has no tooltip and is left-aligned.
    // (A constructor rather than default member initializers: GCC 12 crashes on those here.)
    struct Column
    {
        Column(QString header, Cell display, Cell sort = Cell(), Cell toolTip = Cell(),
               Qt::Alignment alignment = Qt::AlignLeft)
            : header(std::move(header)), display(std::move(display)), sort(std::move(sort)),
              toolTip(std::move(toolTip)), alignment(alignment)
        {}

        QString header;
        Cell display;
        Cell sort;
        Cell toolTip;
        Qt::Alignment alignment;
    };

    explicit RowTableModel(QList<Column> columns, QObject *parent = nullptr)
        : QAbstractTableModel(parent), m_columns(std::move(columns))
    {}

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_columns.size());
    }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!index.isValid() || index.row() >= m_rows.size())
            return {};
        const Column &column = m_columns.at(index.column());
        const T &row = m_rows.at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            return column.display(row);
        case SortRole:
            return column.sort ? column.sort(row) : column.display(row);
        case Qt::ToolTipRole:
            return column.toolTip ? column.toolTip(row) : QVariant();
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignVCenter | column.alignment);
        default:
            return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || section >= m_columns.size())
            return {};
        if (role == Qt::DisplayRole)
            return m_columns.at(section).header;
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignVCenter | m_columns.at(section).alignment);
        return {};
    }

    void setRows(QList<T> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const QList<T> &rows() const { return m_rows; }
    const T &rowAt(int row) const { return m_rows.at(row); }

    // Tells the views one column reads differently now (a countdown), without a reset that
    // would drop the selection.
    void refreshColumn(int column)
    {
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column),
                               {Qt::DisplayRole});
    }

private:
    QList<Column> m_columns;
    QList<T> m_rows;
};

} // namespace streamsync::ui
