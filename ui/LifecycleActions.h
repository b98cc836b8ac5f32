#pragma once

#include "node/LifecycleState.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QAction;

namespace streamsync::ui {

// The operator's lifecycle actions (Start, Pause, Resume, Drain, Retire…, Restart after failure)
// for the menu and the toolbar. Each is enabled only where OperatorService::operatorTargets()
// allows its target from the selected node's state, so the state machine stays the single
// authority; some also require a particular source state, because the same target can be reached
// on paths that mean something else (Starting → Online is the node's own step, not a "Resume").
class LifecycleActions : public QObject
{
    Q_OBJECT

public:
    explicit LifecycleActions(QObject *parent = nullptr);

    QList<QAction *> actions() const;
    QAction *action(LifecycleState target) const;

    // No node selected (nullopt) or a request in flight (busy) disables everything.
    void update(std::optional<LifecycleState> selectedState, bool busy);

Q_SIGNALS:
    void requested(streamsync::LifecycleState target);

private:
    struct Entry
    {
        QAction *action;
        LifecycleState target;
        std::optional<LifecycleState> requiredFrom;
    };

    struct Look
    {
        QString objectName;
        QString text;
        QString icon; // base name under :/icons/
        QString tip;
    };

    void add(const Look &look, LifecycleState target, std::optional<LifecycleState> requiredFrom);
    static bool allowed(const Entry &entry, LifecycleState from);

    QList<Entry> m_entries;
};

} // namespace streamsync::ui
