#pragma once

#include <QListWidget>

namespace streamsync::ui {

// The sidebar that switches between the console's views (Overview, Earnings, …): one row per
// view with its icon and name, in a fixed narrow column. Views are found by name
// ("overview", "market"), which is also how the command line and the settings name them.
class ViewSwitcher : public QListWidget
{
    Q_OBJECT

public:
    explicit ViewSwitcher(QWidget *parent = nullptr);

    void addView(const QString &name, const QString &text, const QIcon &icon,
                 const QString &toolTip);
    int indexOf(const QString &name) const;
    QString nameAt(int index) const;
    QString currentName() const;

    QSize sizeHint() const override;
};

} // namespace streamsync::ui
