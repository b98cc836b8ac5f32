#include "ConsoleViews.h"

#include "EarningsPage.h"
#include "EconomicsPage.h"
#include "LogPage.h"
#include "MarketPage.h"
#include "ReputationPage.h"
#include "StakePage.h"
#include "ViewSwitcher.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QMenu>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace streamsync::ui {

namespace {

struct ViewInfo
{
    const char *name; // also the icon's base name under :/icons/
    QString text;
    QString tip;
};

// The views in sidebar order; the Overview is first and always there.
QList<ViewInfo> viewInfos()
{
    return {
        {"overview", ConsoleViews::tr("Overview"),
         ConsoleViews::tr("Your nodes side by side; start, pause, drain and retire them")},
        {"earnings", ConsoleViews::tr("Earnings"),
         ConsoleViews::tr("Fees, co-op dividend and subsidy per epoch")},
        {"reputation", ConsoleViews::tr("Reputation"),
         ConsoleViews::tr("Performance, accuracy, uptime and stake term over time")},
        {"stake", ConsoleViews::tr("Stake"),
         ConsoleViews::tr("Bonded and unbonding stake, slashes; bond and unbond")},
        {"market", ConsoleViews::tr("Market"),
         ConsoleViews::tr("Competitors' offers; set your price and see what it would win")},
        {"economics", ConsoleViews::tr("Economics"),
         ConsoleViews::tr("Revenue per GB-month against the incumbent and your own cost")},
        {"log", ConsoleViews::tr("Log"),
         ConsoleViews::tr("The signed events; verify and export them")},
    };
}

QIcon viewIcon(const ViewInfo &info)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(info.name)));
}

} // namespace

ConsoleViews::ConsoleViews(interfaces::OperatorService &service, QWidget *overview,
                           MessageBanner *banner, QWidget *parent)
    : QWidget(parent), m_switcher(new ViewSwitcher(this)), m_stack(new QStackedWidget(this)),
      m_actions(new QActionGroup(this))
{
    setObjectName(QStringLiteral("consoleViews"));
    m_stack->setObjectName(QStringLiteral("viewStack"));
    m_stack->addWidget(overview);
    createPages(service);
    for (const ViewInfo &info : viewInfos())
        m_switcher->addView(QLatin1String(info.name), info.text, viewIcon(info), info.tip);
    m_switcher->setCurrentRow(0);
    connect(m_switcher, &QListWidget::currentRowChanged, this, &ConsoleViews::onViewChosen);

    auto *right = new QVBoxLayout;
    right->setContentsMargins(8, 8, 8, 4);
    right->addWidget(banner);
    right->addWidget(m_stack, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_switcher);
    layout->addLayout(right, 1);
}

void ConsoleViews::createPages(interfaces::OperatorService &service)
{
    m_pages = {new EarningsPage(service, this),  new ReputationPage(service, this),
               new StakePage(service, this),     new MarketPage(service, this),
               new EconomicsPage(service, this), new LogPage(service, this)};
    for (ConsolePage *page : std::as_const(m_pages)) {
        m_stack->addWidget(page);
        connect(page, &ConsolePage::message, this, &ConsoleViews::message);
    }
}

QStringList ConsoleViews::viewNames()
{
    QStringList names;
    for (const ViewInfo &info : viewInfos())
        names.append(QLatin1String(info.name));
    return names;
}

bool ConsoleViews::showView(const QString &name)
{
    const int index = m_switcher->indexOf(name.toLower());
    if (index < 0)
        return false;
    m_switcher->setCurrentRow(index); // onViewChosen follows
    return true;
}

QString ConsoleViews::currentViewName() const
{
    return m_switcher->currentName();
}

void ConsoleViews::addViewActions(QMenu *menu)
{
    const QList<ViewInfo> infos = viewInfos();
    for (int i = 0; i < infos.size(); ++i) {
        const QString name = QLatin1String(infos.at(i).name);
        auto *action = new QAction(viewIcon(infos.at(i)), infos.at(i).text, m_actions);
        action->setObjectName(QStringLiteral("actionView") + name.at(0).toUpper() + name.mid(1));
        action->setCheckable(true);
        action->setChecked(i == m_switcher->currentRow());
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        action->setStatusTip(infos.at(i).tip);
        connect(action, &QAction::triggered, this, [this, name] { showView(name); });
        menu->addAction(action);
    }
}

void ConsoleViews::onViewChosen(int index)
{
    if (index < 0)
        return;
    m_stack->setCurrentIndex(index);
    const QList<QAction *> actions = m_actions->actions();
    if (index < actions.size())
        actions.at(index)->setChecked(true);
}

void ConsoleViews::setActive(bool active)
{
    for (ConsolePage *page : std::as_const(m_pages))
        page->setActive(active);
}

void ConsoleViews::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    for (ConsolePage *page : std::as_const(m_pages))
        page->setNodes(nodes);
}

void ConsoleViews::markStale()
{
    for (ConsolePage *page : std::as_const(m_pages))
        page->markStale();
}

void ConsoleViews::setSaveFileHook(const SaveFileHook &hook)
{
    for (ConsolePage *page : std::as_const(m_pages))
        page->setSaveFileHook(hook);
}

} // namespace streamsync::ui
