#pragma once

#include "daemon/AdminStatus.h"
#include "node/Transition.h"
#include "util/Result.h"

#include <QJsonArray>
#include <QJsonObject>

namespace streamsync::adminjson {

// The admin API's JSON bodies, written by AdminServer and read by AdminClient from this one
// place so the two cannot drift apart. Field names are snake_case, as in the log's CBOR bodies;
// byte counts and times are JSON numbers (exact below 2^53, far above any quota or date).

QJsonObject fromStatus(const AdminStatus &status);
Result<AdminStatus> toStatus(const QJsonObject &object);

// {"node_id": ..., "transitions": [{"from", "to", "at_ms", "why", "who"}, ...]}
QJsonObject fromHistory(const QString &nodeId, const QList<Transition> &history);
Result<QList<Transition>> toHistory(const QJsonObject &object);

// The body of POST /v1/lifecycle; an empty `why` is left out.
QJsonObject lifecycleRequest(LifecycleState target, const QString &why);

QJsonArray stateNames(const QList<LifecycleState> &states);

} // namespace streamsync::adminjson
