#include "node/LifecycleState.h"

#include <array>
#include <utility>

namespace streamsync {

namespace {

const std::array<std::pair<LifecycleState, QLatin1String>, 10> kNames{{
    {LifecycleState::Provisioning, QLatin1String("Provisioning")},
    {LifecycleState::Stopped, QLatin1String("Stopped")},
    {LifecycleState::Starting, QLatin1String("Starting")},
    {LifecycleState::Online, QLatin1String("Online")},
    {LifecycleState::Paused, QLatin1String("Paused")},
    {LifecycleState::Draining, QLatin1String("Draining")},
    {LifecycleState::Exited, QLatin1String("Exited")},
    {LifecycleState::Retired, QLatin1String("Retired")},
    {LifecycleState::Failed, QLatin1String("Failed")},
    {LifecycleState::Suspended, QLatin1String("Suspended")},
}};

} // namespace

QList<LifecycleState> allLifecycleStates()
{
    QList<LifecycleState> states;
    for (const auto &entry : kNames)
        states.append(entry.first);
    return states;
}

QString toString(LifecycleState state)
{
    for (const auto &[value, name] : kNames) {
        if (value == state)
            return name;
    }
    return QStringLiteral("Unknown");
}

std::optional<LifecycleState> lifecycleStateFromString(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

} // namespace streamsync
