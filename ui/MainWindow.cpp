#include "MainWindow.h"

#include "AddRemoteNodeDialog.h"
#include "AlertNotifier.h"
#include "ConsolePalette.h"
#include "ConsoleStatusBar.h"
#include "ConsoleViews.h"
#include "EmptyNodesPage.h"
#include "HistoryView.h"
#include "LifecycleActions.h"
#include "NodeListView.h"
#include "NodeMetricsLoader.h"
#include "NodeTableModel.h"
#include "PassphraseDialog.h"
#include "Resources.h"
#include "SettingsDialog.h"
#include "TransitionHistoryModel.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace streamsync::ui {

namespace {

QIcon resourceIcon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QAction *makeAction(const QString &objectName, const QString &text, QObject *parent)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(objectName);
    return action;
}

} // namespace

MainWindow::MainWindow(interfaces::OperatorService &service, QWidget *parent)
    : QMainWindow(parent), m_service(service), m_confirm(defaultConfirmHook()),
      m_browse(AddNodeDialog::defaultBrowseHook()), m_nodes(new NodeTableModel(this)),
      m_history(new TransitionHistoryModel(this)), m_lifecycle(new LifecycleActions(this))
{
    ensureResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("StreamSync Operator"));
    setWindowIcon(resourceIcon("streamsync"));
    m_nodes->setObjectName(QStringLiteral("nodeTableModel"));
    m_history->setObjectName(QStringLiteral("transitionHistoryModel"));
    m_metrics = new NodeMetricsLoader(m_service, m_nodes, this);
    m_alerts = new AlertNotifier(windowIcon(), this);
    createActions();
    createCentralWidget();
    createMenus();
    createToolBar();
    m_statusBar = new ConsoleStatusBar(this);
    setStatusBar(m_statusBar);
    restoreSettings();
    updateNodeCount();
    connectService();
    connect(m_lifecycle, &LifecycleActions::requested, this, &MainWindow::onActionRequested);
    connect(m_alerts, &AlertNotifier::activated, this, &MainWindow::bringToFront);
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::connectService()
{
    connect(&m_service, &interfaces::OperatorService::nodeChanged, this,
            &MainWindow::onNodeChanged);
    connect(&m_service, &interfaces::OperatorService::marketChanged, this,
            &MainWindow::onMarketChanged);
    connect(&m_service, &interfaces::OperatorService::alertRaised, this, &MainWindow::onAlert);
    connect(&m_service, &interfaces::OperatorService::networkStatusChanged, this,
            [this](const QString &summary) { m_statusBar->setNetworkStatus(summary); });
    m_service.setWebhookUrl(m_settings.webhookUrl());
}

void MainWindow::setSaveFileHook(SaveFileHook hook)
{
    m_views->setSaveFileHook(hook);
}

void MainWindow::createActions()
{
    m_quitAction = makeAction(QStringLiteral("actionQuit"), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::close);

    m_addNodeAction = makeAction(QStringLiteral("actionAddNode"), tr("&Add node…"), this);
    m_addNodeAction->setIcon(resourceIcon("add"));
    m_addNodeAction->setIconText(tr("Add node"));
    m_addNodeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_addNodeAction->setStatusTip(tr("Offer a folder of spare disk space as a new node"));
    connect(m_addNodeAction, &QAction::triggered, this, &MainWindow::addNode);

    m_refreshAction = makeAction(QStringLiteral("actionRefresh"), tr("&Refresh"), this);
    m_refreshAction->setIcon(resourceIcon("refresh"));
    m_refreshAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_refreshAction->setStatusTip(tr("Reload the nodes and the selected node's history"));
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    m_addRemoteAction =
        makeAction(QStringLiteral("actionAddRemoteNode"), tr("Add &remote node…"), this);
    m_addRemoteAction->setIcon(resourceIcon("remote"));
    m_addRemoteAction->setStatusTip(tr("Manage a node on another machine through its admin API"));
    connect(m_addRemoteAction, &QAction::triggered, this, &MainWindow::addRemoteNode);

    m_settingsAction = makeAction(QStringLiteral("actionSettings"), tr("&Settings…"), this);
    m_settingsAction->setIcon(resourceIcon("settings"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_aboutAction =
        makeAction(QStringLiteral("actionAbout"), tr("&About StreamSync Operator"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_lifecycle->action(LifecycleState::Retired)->setIconText(tr("Retire"));
    m_lifecycle->action(LifecycleState::Stopped)->setIconText(tr("Restart"));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *node = menuBar()->addMenu(tr("&Node"));
    node->setObjectName(QStringLiteral("menuNode"));
    node->addAction(m_addNodeAction);
    node->addAction(m_addRemoteAction);
    node->addSeparator();
    for (QAction *action : m_lifecycle->actions())
        node->addAction(action);
    node->insertSeparator(m_lifecycle->action(LifecycleState::Retired));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    m_toolBar = new QToolBar(tr("Main toolbar"), this);
    m_toolBar->setObjectName(QStringLiteral("mainToolBar")); // saveState() needs the name
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(22, 22));
    m_toolBar->setMovable(false);
    m_toolBar->addAction(m_addNodeAction);
    m_toolBar->addSeparator();
    for (QAction *action : m_lifecycle->actions())
        m_toolBar->addAction(action);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_refreshAction);
    addToolBar(Qt::TopToolBarArea, m_toolBar);

    // The View menu sits between Node and Help; it needs the toolbar's own toggle action.
    QAction *showToolBar = m_toolBar->toggleViewAction();
    showToolBar->setObjectName(QStringLiteral("actionShowToolbar"));
    showToolBar->setText(tr("Show &toolbar"));
    auto *view = new QMenu(tr("&View"), this);
    view->setObjectName(QStringLiteral("menuView"));
    m_views->addViewActions(view);
    view->addSeparator();
    view->addAction(m_refreshAction);
    view->addSeparator();
    view->addAction(showToolBar);
    menuBar()->insertMenu(menuBar()->actions().constLast(), view);
}

void MainWindow::createCentralWidget()
{
    m_banner = new MessageBanner(this);
    m_views = new ConsoleViews(m_service, createOverview(), m_banner, this);
    connect(m_views, &ConsoleViews::message, this, &MainWindow::showPageMessage);
    setCentralWidget(m_views);
}

QWidget *MainWindow::createOverview()
{
    m_emptyPage = new EmptyNodesPage(m_addNodeAction, this);
    m_nodeList = new NodeListView(m_nodes, this);
    m_historyView = new HistoryView(m_history, this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_nodeList);
    m_splitter->addWidget(m_historyView);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("overviewPage"));
    m_pages->addWidget(m_emptyPage);
    m_pages->addWidget(m_splitter);
    connect(m_nodeList, &NodeListView::selectionChanged, this, &MainWindow::onSelectionChanged);
    return m_pages;
}

QStringList MainWindow::viewNames()
{
    return ConsoleViews::viewNames();
}

bool MainWindow::showView(const QString &name)
{
    return m_views->showView(name);
}

QString MainWindow::currentViewName() const
{
    return m_views->currentViewName();
}

void MainWindow::restoreSettings()
{
    if (!restoreGeometry(m_settings.mainWindowGeometry())) {
        // First start: a comfortable size, centred on the primary screen.
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        resize(QSize(1100, 700).boundedTo(screen.size() * 0.9));
        move(screen.center() - rect().center());
    }
    restoreState(m_settings.mainWindowState());
    m_splitter->restoreState(m_settings.splitterState());
    m_nodeList->restoreHeaderState(m_settings.nodeTableHeaderState());
    showView(m_settings.currentView());
    const PaletteChoice palette = paletteFromName(m_settings.paletteName());
    if (palette != PaletteChoice::System)
        applyPalette(palette);
}

void MainWindow::saveSettings()
{
    m_settings.setMainWindowGeometry(saveGeometry());
    m_settings.setMainWindowState(saveState());
    m_settings.setSplitterState(m_splitter->saveState());
    m_settings.setNodeTableHeaderState(m_nodeList->headerState());
    m_settings.setCurrentView(currentViewName());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

void MainWindow::start()
{
    m_statusBar->setLastAction(tr("Opening the profile…"), false);
    m_service.open().then(
        this, [this](const Result<interfaces::ProfileStatus> &result) { onOpened(result); });
}

void MainWindow::onOpened(const Result<interfaces::ProfileStatus> &result)
{
    if (!result) {
        reportError(tr("Could not open the operator profile: %1").arg(result.error()));
        return;
    }
    m_statusBar->setLastAction(tr("Profile %1").arg(result->profileDir), false);
    askPassphrase(result.value());
}

void MainWindow::askPassphrase(const interfaces::ProfileStatus &profile)
{
    const auto mode =
        profile.hasOperatorKey ? PassphraseDialog::Mode::Unlock : PassphraseDialog::Mode::Create;
    auto *dialog = new PassphraseDialog(m_service, mode, profile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PassphraseDialog::unlocked, this, &MainWindow::onUnlocked);
    // Without the operator key there is nothing the console can do.
    connect(dialog, &QDialog::rejected, this, &MainWindow::close);
    dialog->open();
}

void MainWindow::onUnlocked(const interfaces::ProfileStatus &profile)
{
    m_unlocked = true;
    m_emptyPage->setLocked(false);
    m_statusBar->setOperator(profile.operatorShortId);
    reportSuccess(tr("Operator key unlocked"));
    updateActions();
    m_views->setActive(true);
    refresh();
}

void MainWindow::refresh()
{
    if (!m_unlocked)
        return;
    m_views->markStale();
    m_service.nodes().then(this, [this](const Result<QList<interfaces::NodeSummary>> &result) {
        onNodesLoaded(result);
    });
}

void MainWindow::onNodesLoaded(const Result<QList<interfaces::NodeSummary>> &result)
{
    if (!result) {
        reportError(tr("Could not load the nodes: %1").arg(result.error()));
        return;
    }
    const QString selected = selectedNodeId();
    m_nodes->setNodes(result.value()); // a reset drops the selection; put it back
    if (!selected.isEmpty())
        selectNode(selected);
    else if (m_nodes->rowCount() > 0)
        selectNode(m_nodes->nodeAt(0).id);
    updateNodeCount();
    onSelectionChanged();
    updatePageNodes();
}

void MainWindow::addRemoteNode()
{
    if (!m_unlocked)
        return;
    auto *dialog = new AddRemoteNodeDialog(m_service, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddRemoteNodeDialog::nodeAdded, this, &MainWindow::onNodeAdded);
    dialog->open();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_settings.webhookUrl(),
                                      paletteFromName(m_settings.paletteName()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        applySettings(dialog->webhookUrl(), static_cast<int>(dialog->palette()));
    });
    dialog->open();
}

void MainWindow::applySettings(const QString &webhookUrl, int palette)
{
    const auto choice = static_cast<PaletteChoice>(palette);
    const bool paletteChanged = choice != paletteFromName(m_settings.paletteName());
    m_settings.setWebhookUrl(webhookUrl);
    m_settings.setPaletteName(paletteName(choice));
    m_settings.sync();
    m_service.setWebhookUrl(webhookUrl);
    if (paletteChanged)
        applyPalette(choice);
    reportSuccess(webhookUrl.isEmpty()
                      ? tr("Settings saved; alerts stay in the console")
                      : tr("Settings saved; alerts also go to %1").arg(webhookUrl));
}

void MainWindow::addNode()
{
    if (!m_unlocked)
        return;
    const QString suggested = tr("node-%1").arg(m_nodes->rowCount() + 1);
    auto *dialog = new AddNodeDialog(m_service, suggested, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setBrowseHook(m_browse);
    connect(dialog, &AddNodeDialog::nodeAdded, this, &MainWindow::onNodeAdded);
    dialog->open();
}

// The row is already there: the service announced the new node through nodeChanged.
void MainWindow::onNodeAdded(const interfaces::NodeSummary &node)
{
    selectNode(node.id);
    reportSuccess(tr("Added node %1 (%2)").arg(node.name, node.shortId));
}

void MainWindow::onActionRequested(LifecycleState target)
{
    const QString nodeId = selectedNodeId();
    const auto question = nodeId.isEmpty() ? std::nullopt : confirmation(nodeId, target);
    if (!question) {
        requestStateChange(target);
        return;
    }
    // The node is captured now: the selection may change while the question is up.
    m_confirm(this, *question, [this, nodeId, target](bool confirmed) {
        if (confirmed)
            changeState(nodeId, target);
    });
}

// Draining and retiring cannot be undone, so the operator is asked first.
std::optional<ConfirmRequest> MainWindow::confirmation(const QString &nodeId,
                                                       LifecycleState target) const
{
    if (target == LifecycleState::Draining)
        return ConfirmRequest{
            tr("Drain node"),
            tr("Drain %1? It stops taking uploads, hands each stored object to another node "
               "(answering queries for it until then), starts unbonding its whole stake and "
               "leaves the network (Exited) once nothing is left. A drained node cannot go back "
               "online.")
                .arg(nodeName(nodeId)),
            tr("Drain")};
    if (target == LifecycleState::Retired)
        return ConfirmRequest{
            tr("Retire node"),
            tr("Retire %1? A retired node can never be started again; its history is kept.")
                .arg(nodeName(nodeId)),
            tr("Retire")};
    return std::nullopt;
}

void MainWindow::requestStateChange(LifecycleState target)
{
    const QString nodeId = selectedNodeId();
    if (nodeId.isEmpty()) {
        m_banner->showMessage(tr("Select a node first."), MessageBanner::Type::Warning);
        return;
    }
    changeState(nodeId, target);
}

void MainWindow::changeState(const QString &nodeId, LifecycleState target)
{
    m_pending.insert(nodeId);
    updateActions();
    m_statusBar->setLastAction(tr("Moving %1 to %2…").arg(nodeName(nodeId), toString(target)),
                               false);
    const QString why = tr("operator asked for %1 in the console").arg(toString(target));
    m_service.changeState(nodeId, target, why)
        .then(this, [this, nodeId, target](const Result<interfaces::NodeSummary> &result) {
            onStateChanged(nodeId, target, result);
        });
}

void MainWindow::onStateChanged(const QString &nodeId, LifecycleState target,
                                const Result<interfaces::NodeSummary> &result)
{
    m_pending.remove(nodeId);
    if (!result) {
        reportError(tr("Could not move %1 to %2: %3")
                        .arg(nodeName(nodeId), toString(target), result.error()));
        updateActions();
        return;
    }
    updateActions(); // the row itself came with the service's nodeChanged
    m_statusBar->setLastAction(tr("%1 is now %2").arg(result->name, toString(result->state)),
                               false);
}

void MainWindow::onNodeChanged(const interfaces::NodeSummary &node)
{
    m_nodes->upsert(node);
    updateNodeCount();
    updatePageNodes();
    if (node.id == selectedNodeId()) {
        updateActions();
        loadHistory(node.id);
    }
}

void MainWindow::updatePageNodes()
{
    m_views->setNodes(m_nodes->nodes());
    if (m_unlocked)
        m_metrics->request();
}

// Every view reloads, the hidden ones only when shown again.
void MainWindow::onMarketChanged()
{
    m_views->markStale();
    if (m_unlocked)
        m_metrics->request();
}

void MainWindow::onAlert(const interfaces::Alert &alert)
{
    const auto type =
        alert.severity == interfaces::Alert::Severity::Critical  ? MessageBanner::Type::Error
        : alert.severity == interfaces::Alert::Severity::Warning ? MessageBanner::Type::Warning
                                                                 : MessageBanner::Type::Information;
    const QString text =
        alert.nodeId.isEmpty() ? alert.text : tr("%1: %2").arg(nodeName(alert.nodeId), alert.text);
    m_banner->showMessage(text, type);
    m_statusBar->setLastAction(text, type == MessageBanner::Type::Error);
    if (!alert.nodeId.isEmpty())
        m_nodes->addAlert(alert.nodeId, alert.text);
    m_alerts->notify({alert.severity, alert.nodeId, alert.kind, text, alert.timeMs});
}

void MainWindow::showPageMessage(const QString &text, MessageBanner::Type type)
{
    m_banner->showMessage(text, type);
    m_statusBar->setLastAction(text, type == MessageBanner::Type::Error);
}

void MainWindow::bringToFront()
{
    showNormal();
    raise();
    activateWindow();
}

void MainWindow::onSelectionChanged()
{
    const QString nodeId = selectedNodeId();
    m_historyView->setNodeName(nodeId.isEmpty() ? QString() : nodeName(nodeId));
    updateActions();
    if (nodeId.isEmpty())
        m_history->clear();
    else
        loadHistory(nodeId);
}

void MainWindow::loadHistory(const QString &nodeId)
{
    m_service.history(nodeId).then(this, [this, nodeId](const Result<QList<Transition>> &result) {
        onHistoryLoaded(nodeId, result);
    });
}

void MainWindow::onHistoryLoaded(const QString &nodeId, const Result<QList<Transition>> &result)
{
    if (nodeId != selectedNodeId())
        return; // the operator has moved on to another node
    if (!result) {
        reportError(
            tr("Could not load the history of %1: %2").arg(nodeName(nodeId), result.error()));
        return;
    }
    m_history->setHistory(nodeId, result.value());
}

void MainWindow::updateActions()
{
    m_addNodeAction->setEnabled(m_unlocked);
    m_addRemoteAction->setEnabled(m_unlocked);
    m_refreshAction->setEnabled(m_unlocked);
    const QString nodeId = selectedNodeId();
    const auto node = m_nodes->node(nodeId);
    m_lifecycle->update(node ? std::optional(node->state) : std::nullopt,
                        m_pending.contains(nodeId));
}

void MainWindow::updateNodeCount()
{
    int online = 0;
    for (int row = 0; row < m_nodes->rowCount(); ++row)
        online += m_nodes->nodeAt(row).state == LifecycleState::Online ? 1 : 0;
    m_statusBar->setNodeCount(m_nodes->rowCount(), online);
    // No table and no history without nodes: the empty page says what to do instead.
    m_pages->setCurrentWidget(m_nodes->rowCount() > 0 ? static_cast<QWidget *>(m_splitter)
                                                      : m_emptyPage);
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About StreamSync Operator"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setText(tr("<h3>StreamSync Operator %1</h3>").arg(QCoreApplication::applicationVersion()));
    box->setInformativeText(
        tr("The operator's console for StreamSync, an economically decentralized storage and "
           "retrieval network: run your nodes, watch their lifecycle and earnings, and set your "
           "prices."));
    box->open();
}

void MainWindow::reportSuccess(const QString &text)
{
    m_statusBar->setLastAction(text, false);
}

void MainWindow::reportError(const QString &text)
{
    m_banner->showMessage(text, MessageBanner::Type::Error);
    m_statusBar->setLastAction(text, true);
}

QString MainWindow::selectedNodeId() const
{
    return m_nodeList->selectedNodeId();
}

void MainWindow::selectNode(const QString &nodeId)
{
    m_nodeList->selectNode(nodeId);
}

QString MainWindow::nodeName(const QString &nodeId) const
{
    const auto node = m_nodes->node(nodeId);
    return node ? node->name : nodeId.left(12);
}

} // namespace streamsync::ui
