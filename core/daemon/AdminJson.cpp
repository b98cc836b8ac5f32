#include "daemon/AdminJson.h"

namespace streamsync::adminjson {

namespace {

Result<LifecycleState> stateField(const QJsonObject &object, const QString &key)
{
    const auto state = lifecycleStateFromString(object.value(key).toString());
    if (!state)
        return fail(QStringLiteral("the answer's '%1' is not a lifecycle state").arg(key));
    return *state;
}

QJsonObject fromTransition(const Transition &t)
{
    return {{QStringLiteral("from"), toString(t.from)},
            {QStringLiteral("to"), toString(t.to)},
            {QStringLiteral("at_ms"), double(t.atMs)},
            {QStringLiteral("why"), t.why},
            {QStringLiteral("who"), toString(t.who)}};
}

Result<Transition> toTransition(const QString &nodeId, const QJsonObject &object)
{
    const auto from = stateField(object, QStringLiteral("from"));
    const auto to = stateField(object, QStringLiteral("to"));
    const auto who = actorFromString(object.value(QStringLiteral("who")).toString());
    if (!from || !to || !who)
        return fail(QStringLiteral("a transition in the answer is malformed"));
    return Transition{nodeId,
                      *from,
                      *to,
                      qint64(object.value(QStringLiteral("at_ms")).toDouble()),
                      object.value(QStringLiteral("why")).toString(),
                      *who};
}

QJsonObject fromHandoff(const HandoffProgress &h)
{
    return {{QStringLiteral("started_ms"), double(h.startedMs)},
            {QStringLiteral("updated_ms"), double(h.updatedMs)},
            {QStringLiteral("objects_total"), h.objectsTotal},
            {QStringLiteral("objects_done"), h.objectsDone},
            {QStringLiteral("bytes_total"), double(h.bytesTotal)},
            {QStringLiteral("bytes_done"), double(h.bytesDone)},
            {QStringLiteral("complete"), h.complete},
            {QStringLiteral("note"), h.note}};
}

HandoffProgress toHandoff(const QJsonObject &o)
{
    HandoffProgress h;
    h.startedMs = qint64(o.value(QStringLiteral("started_ms")).toDouble());
    h.updatedMs = qint64(o.value(QStringLiteral("updated_ms")).toDouble());
    h.objectsTotal = o.value(QStringLiteral("objects_total")).toInt();
    h.objectsDone = o.value(QStringLiteral("objects_done")).toInt();
    h.bytesTotal = qint64(o.value(QStringLiteral("bytes_total")).toDouble());
    h.bytesDone = qint64(o.value(QStringLiteral("bytes_done")).toDouble());
    h.complete = o.value(QStringLiteral("complete")).toBool();
    h.note = o.value(QStringLiteral("note")).toString();
    return h;
}

} // namespace

QJsonArray stateNames(const QList<LifecycleState> &states)
{
    QJsonArray names;
    for (LifecycleState state : states)
        names.append(toString(state));
    return names;
}

QJsonObject fromStatus(const AdminStatus &s)
{
    QJsonObject o{{QStringLiteral("node_id"), s.nodeId},
                  {QStringLiteral("short_id"), s.shortId},
                  {QStringLiteral("name"), s.name},
                  {QStringLiteral("state"), toString(s.state)},
                  {QStringLiteral("quota_bytes"), double(s.quotaBytes)},
                  {QStringLiteral("used_bytes"), double(s.usedBytes)},
                  {QStringLiteral("peers"), s.peers},
                  {QStringLiteral("log_events"), double(s.logEvents)},
                  {QStringLiteral("allowed_targets"), stateNames(s.allowedTargets)}};
    if (s.handoff)
        o.insert(QStringLiteral("handoff"), fromHandoff(*s.handoff));
    return o;
}

Result<AdminStatus> toStatus(const QJsonObject &o)
{
    const auto state = stateField(o, QStringLiteral("state"));
    if (!state)
        return Error{state.error()};
    AdminStatus s;
    s.nodeId = o.value(QStringLiteral("node_id")).toString();
    s.shortId = o.value(QStringLiteral("short_id")).toString();
    s.name = o.value(QStringLiteral("name")).toString();
    s.state = *state;
    s.quotaBytes = qint64(o.value(QStringLiteral("quota_bytes")).toDouble());
    s.usedBytes = qint64(o.value(QStringLiteral("used_bytes")).toDouble());
    s.peers = o.value(QStringLiteral("peers")).toInt();
    s.logEvents = qint64(o.value(QStringLiteral("log_events")).toDouble());
    for (const QJsonValue &name : o.value(QStringLiteral("allowed_targets")).toArray()) {
        if (const auto target = lifecycleStateFromString(name.toString()))
            s.allowedTargets.append(*target);
    }
    if (const QJsonValue handoff = o.value(QStringLiteral("handoff")); handoff.isObject())
        s.handoff = toHandoff(handoff.toObject());
    if (s.nodeId.isEmpty())
        return fail(QStringLiteral("the answer names no node"));
    return s;
}

QJsonObject fromHistory(const QString &nodeId, const QList<Transition> &history)
{
    QJsonArray transitions;
    for (const Transition &t : history)
        transitions.append(fromTransition(t));
    return {{QStringLiteral("node_id"), nodeId}, {QStringLiteral("transitions"), transitions}};
}

Result<QList<Transition>> toHistory(const QJsonObject &object)
{
    const QString nodeId = object.value(QStringLiteral("node_id")).toString();
    QList<Transition> history;
    for (const QJsonValue &value : object.value(QStringLiteral("transitions")).toArray()) {
        auto transition = toTransition(nodeId, value.toObject());
        if (!transition)
            return Error{transition.error()};
        history.append(transition.value());
    }
    return history;
}

QJsonObject lifecycleRequest(LifecycleState target, const QString &why)
{
    QJsonObject request{{QStringLiteral("target"), toString(target)}};
    // Left out when empty: the node then records its own default reason.
    if (!why.trimmed().isEmpty())
        request.insert(QStringLiteral("why"), why);
    return request;
}

} // namespace streamsync::adminjson
