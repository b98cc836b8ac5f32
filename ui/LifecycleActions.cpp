#include "LifecycleActions.h"

#include "Resources.h"
#include "interfaces/OperatorService.h"

#include <QAction>
#include <QIcon>

namespace streamsync::ui {

using S = LifecycleState;

LifecycleActions::LifecycleActions(QObject *parent) : QObject(parent)
{
    ensureResources();
    add({QStringLiteral("actionStart"), tr("&Start"), QStringLiteral("start"),
         tr("Start the selected node (Stopped → Starting → Online)")},
        S::Starting, S::Stopped);
    add({QStringLiteral("actionPause"), tr("&Pause"), QStringLiteral("pause"),
         tr("Pause the selected node: it keeps its data but takes no new work")},
        S::Paused, S::Online);
    add({QStringLiteral("actionResume"), tr("Res&ume"), QStringLiteral("resume"),
         tr("Resume the paused node (Paused → Online)")},
        S::Online, S::Paused);
    add({QStringLiteral("actionDrain"), tr("&Drain"), QStringLiteral("drain"),
         tr("Drain the selected node: no new uploads, stored data is fetched away, unbonding "
            "starts")},
        S::Draining, std::nullopt);
    add({QStringLiteral("actionRetire"), tr("&Retire…"), QStringLiteral("retire"),
         tr("Retire the exited node for good (Exited → Retired)")},
        S::Retired, S::Exited);
    add({QStringLiteral("actionRestart"), tr("Restart after &failure"), QStringLiteral("restart"),
         tr("Bring the failed node back to Stopped so it can be started again")},
        S::Stopped, S::Failed);
    update(std::nullopt, false);
}

QList<QAction *> LifecycleActions::actions() const
{
    QList<QAction *> result;
    for (const Entry &entry : m_entries)
        result.append(entry.action);
    return result;
}

QAction *LifecycleActions::action(LifecycleState target) const
{
    for (const Entry &entry : m_entries) {
        if (entry.target == target)
            return entry.action;
    }
    return nullptr;
}

void LifecycleActions::update(std::optional<LifecycleState> selectedState, bool busy)
{
    for (const Entry &entry : m_entries)
        entry.action->setEnabled(selectedState && !busy && allowed(entry, *selectedState));
}

void LifecycleActions::add(const Look &look, LifecycleState target,
                           std::optional<LifecycleState> requiredFrom)
{
    auto *action =
        new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(look.icon)), look.text, this);
    action->setObjectName(look.objectName);
    action->setToolTip(look.tip);
    action->setStatusTip(look.tip);
    connect(action, &QAction::triggered, this, [this, target] { Q_EMIT requested(target); });
    m_entries.append({action, target, requiredFrom});
}

bool LifecycleActions::allowed(const Entry &entry, LifecycleState from)
{
    if (entry.requiredFrom && *entry.requiredFrom != from)
        return false;
    return interfaces::OperatorService::operatorTargets(from).contains(entry.target);
}

} // namespace streamsync::ui
