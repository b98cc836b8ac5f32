#include "node/Lifecycle.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <utility>

namespace streamsync {

namespace {

using S = LifecycleState;

// The edges any actor may take, apart from the Failed and Suspended rules in edgeExists().
const std::array<std::pair<S, S>, 15> kEdges{{
    {S::Provisioning, S::Stopped},
    {S::Stopped, S::Starting},
    {S::Starting, S::Online},
    {S::Online, S::Paused},
    {S::Paused, S::Online},
    {S::Online, S::Draining},
    {S::Paused, S::Draining},
    {S::Draining, S::Exited},
    {S::Exited, S::Retired},
    {S::Failed, S::Stopped},
    {S::Starting, S::Suspended},
    {S::Online, S::Suspended},
    {S::Paused, S::Suspended},
    {S::Suspended, S::Stopped},
    {S::Suspended, S::Draining},
}};

// Whether the edge exists at all, whoever asks.
bool edgeExists(S from, S to)
{
    // Failed is reachable from everywhere but the terminal state; Failed → Failed would only
    // overwrite the first reason, which the history must keep.
    if (to == S::Failed)
        return from != S::Retired && from != S::Failed;
    return std::find(kEdges.begin(), kEdges.end(), std::make_pair(from, to)) != kEdges.end();
}

// Suspension is the protocol's sanction: only it may impose one, and only the operator (who has
// to deal with the cause) may lift it.
std::optional<QString> actorRestriction(S from, S to, Actor who)
{
    if (to == S::Suspended && who != Actor::Protocol)
        return QStringLiteral("only the protocol can suspend a node");
    if (from == S::Suspended && to != S::Failed && who != Actor::Operator)
        return QStringLiteral("only the operator can lift a suspension");
    return std::nullopt;
}

bool isAllowed(S from, S to, Actor who)
{
    return edgeExists(from, to) && !actorRestriction(from, to, who);
}

QString describeTargets(S from, Actor who)
{
    const QList<S> targets = allowedTargets(from, who);
    if (targets.isEmpty())
        return QStringLiteral("%1 is final; a node cannot leave it").arg(toString(from));
    QStringList names;
    for (S target : targets)
        names.append(toString(target));
    return QStringLiteral("from %1 a node can go to: %2")
        .arg(toString(from), names.join(QLatin1String(", ")));
}

} // namespace

QString toString(Actor actor)
{
    switch (actor) {
    case Actor::Operator:
        return QStringLiteral("Operator");
    case Actor::Protocol:
        return QStringLiteral("Protocol");
    case Actor::Node:
        return QStringLiteral("Node");
    }
    return QStringLiteral("Unknown");
}

std::optional<Actor> actorFromString(const QString &name)
{
    for (Actor actor : {Actor::Operator, Actor::Protocol, Actor::Node}) {
        if (toString(actor) == name)
            return actor;
    }
    return std::nullopt;
}

QList<LifecycleState> allowedTargets(LifecycleState from, Actor who)
{
    QList<LifecycleState> targets;
    for (LifecycleState to : allLifecycleStates()) {
        if (isAllowed(from, to, who))
            targets.append(to);
    }
    return targets;
}

Result<void> checkTransition(LifecycleState from, LifecycleState to, Actor who)
{
    if (isAllowed(from, to, who))
        return {};
    QString message = QStringLiteral("cannot go from %1 to %2").arg(toString(from), toString(to));
    if (edgeExists(from, to))
        message += QLatin1String(": ") + *actorRestriction(from, to, who);
    return fail(message + QLatin1String("; ") + describeTargets(from, who));
}

} // namespace streamsync
