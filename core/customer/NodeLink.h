#pragma once

#include "daemon/PeerAddress.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"

#include <QCborMap>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>

#include <functional>

namespace streamsync {

class PeerConnection;

// A customer's connection to one node, pinned to the node's id: requests go out with a fresh
// request_id and each reply (or error refusing it) comes back to its own callback, in whatever
// order the node finishes them. When the connection closes, every pending callback gets an
// error reply with code "closed", so nothing waits forever. Requests made before the link is
// ready wait in the outbox; so do requests while the transport pushes back.
class NodeLink : public QObject
{
    Q_OBJECT

public:
    // The reply, or an `error` message (also synthesised for a closed link).
    using Reply = std::function<void(const QCborMap &reply)>;

    NodeLink(PeerAddress peer, const NodeCertificate &identity, const TransportConfig &config,
             QObject *parent = nullptr);
    ~NodeLink() override;

    void open();
    void close(const QString &reason);
    const PeerAddress &peer() const { return m_peer; }
    // The node's short id, for messages.
    QString label() const;
    bool isReady() const;
    bool isClosed() const { return m_closed; }
    const QString &closeReason() const { return m_closeReason; }

    // Sends `message` with a new request_id (returned); `onReply` runs later, never inside this
    // call.
    quint64 request(QCborMap message, Reply onReply);
    // The reply to `requestId` is no longer wanted (a race was won elsewhere): it is dropped.
    void forget(quint64 requestId);
    // Sends a message that has no reply (a race's `cancel`), in order with the requests.
    void notify(const QCborMap &message);
    int pendingRequests() const { return int(m_pending.size()); }
    int queuedRequests() const { return int(m_outbox.size()); }

Q_SIGNALS:
    void ready();
    void closed(const QString &reason);

private:
    void onReady();
    void onClosed(const QString &reason);
    void onReply(const QCborMap &message);
    void flush();
    void failLater(quint64 requestId, const QString &reason);

    PeerAddress m_peer;
    NodeCertificate m_identity;
    TransportConfig m_config;
    QPointer<PeerConnection> m_connection;
    QHash<quint64, Reply> m_pending;
    QQueue<QCborMap> m_outbox;
    quint64 m_nextRequest = 1;
    bool m_closed = false;
    QString m_closeReason;
};

} // namespace streamsync
