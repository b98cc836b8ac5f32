#pragma once

#include "crypto/NodeId.h"
#include "net/FrameCodec.h"
#include "net/Messages.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"
#include "util/Result.h"

#include <QAbstractSocket>
#include <QCborMap>
#include <QObject>
#include <QQueue>
#include <QSsl>
#include <QTimer>

#include <optional>

class QSslSocket;

namespace streamsync {

// One authenticated link to a peer node: TLS 1.3 with self-signed node certificates, the peer
// pinned to its node id (DESIGN §2), then a hello that must agree on protocol version and network
// parameters. After ready() the link carries frames (FrameCodec) both ways with backpressure:
// send() refuses while too much is queued and drained() says when to go on; on the read side at
// most maxQueuedFrames wait in takeMessage() before the connection stops reading and lets TCP
// push back. Any protocol violation closes this connection only, with a logged reason and
// closed(reason). Slots connected to the signals must not delete the connection directly; use
// deleteLater().
class PeerConnection : public QObject
{
    Q_OBJECT

public:
    enum class Role { Client, Server };
    enum class State { Handshaking, AwaitingHello, Ready, Closed };

    // Dials host:port and accepts only the node `expected`, whatever its certificate's dates say.
    static PeerConnection *dial(const QString &host, quint16 port, const NodeId &expected,
                                const NodeCertificate &identity, const TransportConfig &config,
                                QObject *parent = nullptr);
    // Takes over an accepted TCP socket; the peer's node id comes from its certificate and must
    // match its hello. Returns nullptr if the descriptor cannot be used.
    static PeerConnection *accept(qintptr socketDescriptor, const NodeCertificate &identity,
                                  const TransportConfig &config, QObject *parent = nullptr);
    ~PeerConnection() override;

    Role role() const { return m_role; }
    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    // The peer's node id: from the start on the client side, after the TLS pin on the server side.
    const NodeId &peerId() const { return m_peerId; }
    QSsl::SslProtocol sessionProtocol() const { return m_sessionProtocol; }
    const QString &closeReason() const { return m_closeReason; }

    // Queues one message; refuses before ready(), after close, for an invalid message, or while
    // the peer is not keeping up (isWriteBlocked(); wait for drained()).
    Result<void> send(const QCborMap &message);
    bool isWriteBlocked() const { return m_writeBlocked; }
    // Plain and encrypted bytes not yet handed to the kernel.
    qint64 queuedWriteBytes() const;

    // The oldest received message; taking one lets the connection read on.
    std::optional<QCborMap> takeMessage();
    // The oldest received message without taking it (so a reader can see whom it is for before
    // committing to handle it), or nullptr; valid until the next takeMessage().
    const QCborMap *peekMessage() const { return m_inbox.isEmpty() ? nullptr : &m_inbox.head(); }
    int pendingMessages() const { return int(m_inbox.size()); }

    // Closes gracefully (pending frames are flushed for up to closeGrace) and emits closed().
    void close(const QString &reason);

Q_SIGNALS:
    void ready();
    void messagesAvailable();
    void drained();
    void closed(const QString &reason);

private:
    PeerConnection(Role role, const NodeCertificate &identity, const TransportConfig &config,
                   QObject *parent);

    void configureSocket();
    void startTimers();
    QString peerLabel() const;

    void onEncrypted();
    Result<void> checkPin();
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void onBytesWritten();

    void pullFrames();
    void schedulePull();
    // Each returns false when the frame closed the connection.
    bool consumeDecoded();
    bool dispatch(QCborMap message);
    bool handleHello(const QCborMap &message);
    std::optional<message::ErrorReport> disagreement(const message::Hello &hello) const;
    void becomeReady();
    void updateFrameTimer(bool progressed);

    void writeFrame(const QCborMap &message);
    // Sends an error frame with `code` when the link is encrypted, then closes with `reason`.
    void refuse(const QString &code, const QString &reason);
    void shutdown(const QString &reason);
    void releaseSocket();

    Role m_role;
    State m_state = State::Handshaking;
    NodeCertificate m_identity;
    TransportConfig m_config;
    FrameCodec m_codec;
    QSslSocket *m_socket = nullptr;
    QString m_address;
    NodeId m_peerId;
    QSsl::SslProtocol m_sessionProtocol = QSsl::UnknownProtocol;
    QString m_closeReason;
    QQueue<QCborMap> m_inbox;
    bool m_pullScheduled = false;
    bool m_writeBlocked = false;
    QTimer m_handshakeTimer;
    QTimer m_frameTimer;
    QTimer m_idleTimer;
};

} // namespace streamsync
