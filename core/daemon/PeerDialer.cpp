#include "daemon/PeerDialer.h"

#include "daemon/DaemonLog.h"
#include "net/PeerConnection.h"

namespace streamsync {

PeerDialer::PeerDialer(PeerAddress peer, const NodeCertificate &identity,
                       const TransportConfig &config, Backoff backoff, quint32 seed,
                       QObject *parent)
    : QObject(parent), m_peer(std::move(peer)), m_identity(identity), m_config(config),
      m_backoff(backoff), m_random(seed), m_delay(backoff.initial)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PeerDialer::dial);
}

void PeerDialer::start()
{
    m_stopped = false;
    dial();
}

void PeerDialer::stop(const QString &reason)
{
    m_stopped = true;
    m_retry.stop();
    if (m_connection)
        m_connection->close(reason);
}

void PeerDialer::dial()
{
    if (m_stopped)
        return;
    auto *connection =
        PeerConnection::dial(m_peer.host, m_peer.port, m_peer.nodeId, m_identity, m_config, this);
    m_connection = connection;
    connect(connection, &PeerConnection::ready, this, [this, connection] {
        m_delay = m_backoff.initial;
        Q_EMIT connected(connection);
    });
    connect(connection, &PeerConnection::closed, this, [this, connection](const QString &reason) {
        connection->deleteLater();
        onClosed(reason);
    });
}

void PeerDialer::onClosed(const QString &reason)
{
    if (m_stopped)
        return;
    qCInfo(lcDaemon).noquote() << QStringLiteral("peer %1 is not connected (%2); dialling again "
                                                 "in about %3 ms")
                                      .arg(m_peer.endpointText(), reason)
                                      .arg(m_delay.count());
    scheduleRetry();
}

void PeerDialer::scheduleRetry()
{
    // Full delay at most, half of it at least: spread out, but never sooner than half the backoff.
    const qint64 delay = m_delay.count();
    const qint64 jittered = delay / 2 + qint64(m_random.bounded(quint32(delay / 2 + 1)));
    m_retry.start(std::chrono::milliseconds(jittered));
    m_delay = qMin(m_delay * 2, m_backoff.max);
}

} // namespace streamsync
