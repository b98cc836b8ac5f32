#pragma once

#include "AddNodeDialog.h"
#include "ConfirmHook.h"
#include "ConsoleSettings.h"
#include "FileDialogHook.h"
#include "MessageBanner.h"
#include "interfaces/OperatorService.h"

#include <QMainWindow>
#include <QSet>

#include <optional>

class QAction;
class QSplitter;
class QStackedWidget;
class QToolBar;

namespace streamsync::ui {

class AlertNotifier;
class ConsoleStatusBar;
class ConsoleViews;
class EmptyNodesPage;
class HistoryView;
class LifecycleActions;
class NodeListView;
class NodeMetricsLoader;
class NodeTableModel;
class TransitionHistoryModel;

// The operator console's main window (DESIGN §9): a sidebar of views (Overview, Earnings,
// Reputation, Stake, Market, Economics, Log), an inline message banner over them, the lifecycle
// actions for the node selected in the Overview, and alerts in the banner and the tray. Every call
// into the service returns a future whose result comes back on the GUI thread through a
// continuation bound to this window, so the window never waits and a late result for a closed
// window is dropped.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(interfaces::OperatorService &service, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the profile, then asks for the passphrase (creating the key on first start).
    void start();

    void setConfirmHook(ConfirmHook hook) { m_confirm = std::move(hook); }
    void setBrowseHook(AddNodeDialog::BrowseHook hook) { m_browse = std::move(hook); }
    void setSaveFileHook(SaveFileHook hook);

    // Switches to a view by name ("overview", "earnings", "reputation", "stake", "market",
    // "economics", "log"); false for an unknown name.
    bool showView(const QString &name);
    QString currentViewName() const;
    static QStringList viewNames();

    QString selectedNodeId() const;
    void selectNode(const QString &nodeId);

public Q_SLOTS:
    // Asks the service to move the selected node to `target`, whether or not the matching
    // action is enabled: the service has the last word, and its refusal is shown in the banner.
    void requestStateChange(streamsync::LifecycleState target);
    void refresh();
    void addNode();
    void addRemoteNode();
    void showSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralWidget();
    QWidget *createOverview();
    void connectService();
    void restoreSettings();
    void saveSettings();

    void onOpened(const Result<interfaces::ProfileStatus> &result);
    void askPassphrase(const interfaces::ProfileStatus &profile);
    void onUnlocked(const interfaces::ProfileStatus &profile);
    void onNodesLoaded(const Result<QList<interfaces::NodeSummary>> &result);
    void onNodeAdded(const interfaces::NodeSummary &node);
    void onMarketChanged();
    void onAlert(const interfaces::Alert &alert);
    void updatePageNodes();
    void showPageMessage(const QString &text, MessageBanner::Type type);
    void applySettings(const QString &webhookUrl, int palette);
    void bringToFront();
    void onActionRequested(LifecycleState target);
    std::optional<ConfirmRequest> confirmation(const QString &nodeId, LifecycleState target) const;
    void changeState(const QString &nodeId, LifecycleState target);
    void onStateChanged(const QString &nodeId, LifecycleState target,
                        const Result<interfaces::NodeSummary> &result);
    void onNodeChanged(const interfaces::NodeSummary &node);
    void onSelectionChanged();
    void loadHistory(const QString &nodeId);
    void onHistoryLoaded(const QString &nodeId, const Result<QList<Transition>> &result);
    void updateActions();
    void updateNodeCount();
    void showAbout();
    void reportSuccess(const QString &text);
    void reportError(const QString &text);
    QString nodeName(const QString &nodeId) const;

    interfaces::OperatorService &m_service;
    ConsoleSettings m_settings;
    ConfirmHook m_confirm;
    AddNodeDialog::BrowseHook m_browse;
    bool m_unlocked = false;
    QSet<QString> m_pending; // nodes with a state change in flight

    NodeTableModel *m_nodes;
    TransitionHistoryModel *m_history;
    LifecycleActions *m_lifecycle;
    MessageBanner *m_banner = nullptr;
    QStackedWidget *m_pages = nullptr; // the empty page, or the nodes with their history
    ConsoleViews *m_views = nullptr;   // the sidebar, the banner and every view
    NodeMetricsLoader *m_metrics = nullptr;
    AlertNotifier *m_alerts = nullptr;
    QAction *m_addRemoteAction = nullptr;
    QAction *m_settingsAction = nullptr;
    EmptyNodesPage *m_emptyPage = nullptr;
    NodeListView *m_nodeList = nullptr;
    HistoryView *m_historyView = nullptr;
    QSplitter *m_splitter = nullptr;
    QToolBar *m_toolBar = nullptr;
    ConsoleStatusBar *m_statusBar = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_addNodeAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_aboutAction = nullptr;
};

} // namespace streamsync::ui
