#include "ViewSwitcher.h"

namespace streamsync::ui {

namespace {

constexpr int kNameRole = Qt::UserRole + 1;
constexpr int kIconSize = 24;

} // namespace

ViewSwitcher::ViewSwitcher(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("viewSwitcher"));
    setIconSize(QSize(kIconSize, kIconSize));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    setSpacing(2);
    setUniformItemSizes(true);
    setFrameShape(QFrame::NoFrame);
    // The sidebar reads as part of the window, not as a white list box in it.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    viewport()->setBackgroundRole(QPalette::Window);
}

void ViewSwitcher::addView(const QString &name, const QString &text, const QIcon &icon,
                           const QString &toolTip)
{
    auto *item = new QListWidgetItem(icon, text, this);
    item->setData(kNameRole, name);
    item->setToolTip(toolTip);
    item->setSizeHint(QSize(0, kIconSize + fontMetrics().height() / 2 + 14));
}

int ViewSwitcher::indexOf(const QString &name) const
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(kNameRole).toString() == name)
            return row;
    }
    return -1;
}

QString ViewSwitcher::nameAt(int index) const
{
    const QListWidgetItem *it = item(index);
    return it ? it->data(kNameRole).toString() : QString();
}

QString ViewSwitcher::currentName() const
{
    return nameAt(currentRow());
}

// As wide as the longest name with its icon, and no wider.
QSize ViewSwitcher::sizeHint() const
{
    int width = 0;
    for (int row = 0; row < count(); ++row)
        width = qMax(width, fontMetrics().horizontalAdvance(item(row)->text()));
    return {width + kIconSize + 44, QListWidget::sizeHint().height()};
}

} // namespace streamsync::ui
