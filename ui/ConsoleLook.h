#pragma once

#include <QAbstractItemView>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QString>
#include <QTableView>

// Small pieces of how the console looks, in one place so its tables, sizes and inline errors
// look the same wherever they appear. Header-only: each is a few lines.
namespace streamsync::ui {

// The colour of a problem shown inline (a label under a field, the status bar).
inline QString errorTextStyle()
{
    return QStringLiteral("color: #b3261e;");
}

// Sizes in decimal units (GB as disk vendors and file managers count them), so a quota entered
// as "10 GB" reads "10 GB" in the node table.
inline QString dataSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

// A read-only table of whole rows, one line each, without row numbers.
inline void setUpReadOnlyTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    // The style's default row height is roomy for one line of text plus a small state dot.
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setHighlightSections(false);
}

// A sortable read-only table over `model` (through a proxy that sorts by `sortRole`), sorted by
// `column` in `order` to start with.
inline QSortFilterProxyModel *setUpSortedTable(QTableView *table, QAbstractItemModel *model,
                                               int sortRole, int column, Qt::SortOrder order)
{
    auto *proxy = new QSortFilterProxyModel(table);
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table->setModel(proxy);
    setUpReadOnlyTable(table);
    table->setSortingEnabled(true);
    table->sortByColumn(column, order);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return proxy;
}

// A bold heading over a part of a page ("Payouts", "Slashes").
inline QLabel *sectionHeading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

// What the page says when its data could not be read: the service's reason, as a sentence.
inline QString loadFailedText(const QString &what, const QString &error)
{
    return QCoreApplication::translate("streamsync::ui", "%1 could not be loaded: %2")
        .arg(what, error);
}

} // namespace streamsync::ui
