#pragma once

#include "daemon/AdminCall.h"
#include "daemon/AdminStatus.h"
#include "daemon/PeerAddress.h"
#include "node/LifecycleState.h"
#include "node/Transition.h"
#include "util/Result.h"

#include <QFuture>
#include <QList>
#include <QObject>

#include <chrono>

namespace streamsync {

// The console's side of a node's admin API (AdminServer): asynchronous, each call a fresh TLS
// 1.3 connection pinned to the node id, as the peer transport pins peers. Results come as
// QFuture<Result<T>> like the OperatorService facade: attach `.then(context, ...)` to get them
// on the context's thread, and only while it lives. Errors are one line for the operator: the
// pin mismatch names both ids, a refused token says so, a refused transition carries the
// node's message listing the allowed states. Dropping the client fails the calls in flight.
class AdminClient : public QObject
{
    Q_OBJECT

public:
    // `node`: where the admin API listens and which node must answer (HOST:PORT@NODEID, see
    // PeerAddress::parsePeer). `token`: the secret from the node's token file.
    AdminClient(PeerAddress node, QByteArray token, QObject *parent = nullptr);

    // For each call, from connect to the last byte of the answer (default 15 s).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    const PeerAddress &node() const { return m_node; }

    QFuture<Result<AdminStatus>> status();
    QFuture<Result<QList<Transition>>> history();
    // Resolves to the node's status after the transition.
    QFuture<Result<AdminStatus>> changeState(LifecycleState target, const QString &why);

private:
    QFuture<Result<QJsonObject>> call(const AdminCall::Request &request);

    PeerAddress m_node;
    QByteArray m_token;
    std::chrono::milliseconds m_timeout{15'000};
};

} // namespace streamsync
