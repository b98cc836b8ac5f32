#pragma once

#include <QAbstractItemView>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLocale>
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

} // namespace streamsync::ui
