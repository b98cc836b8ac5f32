#pragma once

#include "daemon/PeerAddress.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"

#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <chrono>

namespace streamsync {

class PeerConnection;

// Keeps one configured outgoing peer connected: dials it with its pinned node id and, whenever
// the attempt fails or the connection closes, dials again after a capped exponential backoff
// with jitter (so nodes restarted together do not all dial in step). The delay starts over once
// a connection became ready. The connection is a child of the dialer.
class PeerDialer : public QObject
{
    Q_OBJECT

public:
    struct Backoff
    {
        std::chrono::milliseconds initial{500};
        std::chrono::milliseconds max{30'000};
    };

    PeerDialer(PeerAddress peer, const NodeCertificate &identity, const TransportConfig &config,
               Backoff backoff, quint32 seed, QObject *parent = nullptr);

    void start();
    // No more dialling; closes the current connection, if any.
    void stop(const QString &reason);
    const PeerAddress &peer() const { return m_peer; }

Q_SIGNALS:
    // The connection passed TLS, the pin and the hello.
    void connected(streamsync::PeerConnection *connection);

private:
    void dial();
    void onClosed(const QString &reason);
    void scheduleRetry();

    PeerAddress m_peer;
    NodeCertificate m_identity;
    TransportConfig m_config;
    Backoff m_backoff;
    QRandomGenerator m_random;
    std::chrono::milliseconds m_delay;
    QTimer m_retry;
    QPointer<PeerConnection> m_connection;
    bool m_stopped = true;
};

} // namespace streamsync
