#pragma once

#include "FileDialogHook.h"
#include "MessageBanner.h"
#include "interfaces/OperatorService.h"

#include <QWidget>

class QActionGroup;
class QMenu;
class QStackedWidget;

namespace streamsync::ui {

class ConsolePage;
class ViewSwitcher;

// The console's views behind the sidebar (DESIGN §9 table): the Overview the main window
// builds, then Earnings, Reputation, Stake, Market, Economics and Log, with the banner above
// them. Views are named ("overview", "market", …) for the command line and the settings; the
// View menu's actions (Ctrl+1 … Ctrl+7) stay in step with the sidebar. What the pages report
// comes out of message().
class ConsoleViews : public QWidget
{
    Q_OBJECT

public:
    ConsoleViews(interfaces::OperatorService &service, QWidget *overview, MessageBanner *banner,
                 QWidget *parent = nullptr);

    static QStringList viewNames();
    bool showView(const QString &name);
    QString currentViewName() const;
    // Adds one checkable action per view to `menu`.
    void addViewActions(QMenu *menu);

    // Pages read the service only once the key is unlocked.
    void setActive(bool active);
    void setNodes(const QList<interfaces::NodeSummary> &nodes);
    // The data moved: every page reloads, hidden ones when next shown.
    void markStale();
    void setSaveFileHook(const SaveFileHook &hook);

Q_SIGNALS:
    void message(const QString &text, streamsync::ui::MessageBanner::Type type);

private:
    void createPages(interfaces::OperatorService &service);
    void onViewChosen(int index);

    ViewSwitcher *m_switcher;
    QStackedWidget *m_stack;
    QActionGroup *m_actions;
    QList<ConsolePage *> m_pages;
};

} // namespace streamsync::ui
