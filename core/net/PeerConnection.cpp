#include "net/PeerConnection.h"

#include "net/NetLog.h"

#include <QPointer>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include <utility>

namespace streamsync {

namespace {

QString hashPrefix(const QByteArray &hash)
{
    return QString::fromLatin1(hash.toHex().left(16));
}

QString stateText(PeerConnection::State state)
{
    return state == PeerConnection::State::Handshaking ? QStringLiteral("TLS handshake")
                                                       : QStringLiteral("hello");
}

} // namespace

PeerConnection::PeerConnection(Role role, const NodeCertificate &identity,
                               const TransportConfig &config, QObject *parent)
    : QObject(parent), m_role(role), m_identity(identity), m_config(config),
      m_codec(config.maxFrameBytes), m_socket(new QSslSocket(this))
{
    configureSocket();
    startTimers();
}

PeerConnection::~PeerConnection()
{
    // Silence the socket first: aborting it must not call back into a half-destroyed connection.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

PeerConnection *PeerConnection::dial(const QString &host, quint16 port, const NodeId &expected,
                                     const NodeCertificate &identity, const TransportConfig &config,
                                     QObject *parent)
{
    auto *connection = new PeerConnection(Role::Client, identity, config, parent);
    connection->m_peerId = expected;
    connection->m_address = host + QLatin1Char(':') + QString::number(port);
    connection->m_socket->connectToHostEncrypted(host, port);
    return connection;
}

PeerConnection *PeerConnection::accept(qintptr socketDescriptor, const NodeCertificate &identity,
                                       const TransportConfig &config, QObject *parent)
{
    auto *connection = new PeerConnection(Role::Server, identity, config, parent);
    QSslSocket *socket = connection->m_socket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcNet) << "could not take an accepted socket:" << socket->errorString();
        delete connection;
        return nullptr;
    }
    connection->m_address =
        socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
    socket->startServerEncryption();
    return connection;
}

void PeerConnection::configureSocket()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_3OrLater);
    tls.setLocalCertificate(m_identity.certificate());
    tls.setPrivateKey(m_identity.privateKey());
    // There is no CA: trust none (which also spares loading the system store for every socket).
    // Qt only asks for the peer's certificate (QueryPeer makes the server request one too) and
    // checkPin() decides, by key, once the handshake is done.
    tls.setCaCertificates({});
    tls.setPeerVerifyMode(QSslSocket::QueryPeer);
    m_socket->setSslConfiguration(tls);
    m_socket->setReadBufferSize(m_config.socketReadBufferBytes);

    connect(m_socket, &QSslSocket::encrypted, this, &PeerConnection::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &PeerConnection::pullFrames);
    connect(m_socket, &QSslSocket::bytesWritten, this, &PeerConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, &PeerConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::errorOccurred, this, &PeerConnection::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &PeerConnection::onDisconnected);
}

void PeerConnection::startTimers()
{
    for (QTimer *timer : {&m_handshakeTimer, &m_frameTimer, &m_idleTimer})
        timer->setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        refuse(message::kErrorProtocol, QStringLiteral("no %1 within %2 ms")
                                            .arg(stateText(m_state))
                                            .arg(m_config.handshakeTimeout.count()));
    });
    connect(&m_frameTimer, &QTimer::timeout, this, [this] {
        refuse(message::kErrorProtocol, QStringLiteral("a frame stayed incomplete for %1 ms")
                                            .arg(m_config.frameTimeout.count()));
    });
    connect(&m_idleTimer, &QTimer::timeout, this,
            [this] { close(QStringLiteral("idle for %1 ms").arg(m_config.idleTimeout.count())); });
    m_handshakeTimer.start(m_config.handshakeTimeout);
}

QString PeerConnection::peerLabel() const
{
    if (m_peerId.isNull())
        return m_address;
    return m_peerId.shortText() + QStringLiteral(" (") + m_address + QLatin1Char(')');
}

void PeerConnection::onEncrypted()
{
    m_sessionProtocol = m_socket->sessionProtocol();
    if (auto pinned = checkPin(); !pinned)
        return refuse(message::kErrorIdentity, pinned.error());
    m_state = State::AwaitingHello;
    writeFrame(
        message::makeHello({m_identity.nodeId(), m_config.protocolVersion, m_config.paramsHash}));
    // The peer's hello may already be buffered with the end of the handshake.
    pullFrames();
}

Result<void> PeerConnection::checkPin()
{
    auto presented = NodeCertificate::peerNodeId(m_socket->peerCertificate());
    if (!presented)
        return Error{presented.error()};
    if (m_role == Role::Client && presented.value() != m_peerId)
        return fail(QStringLiteral("expected node %1 but the peer presented %2")
                        .arg(m_peerId.shortText(), presented->shortText()));
    m_peerId = presented.value();
    return {};
}

void PeerConnection::onSocketError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError)
        return onDisconnected();
    close(QStringLiteral("connection error: %1").arg(m_socket->errorString()));
}

void PeerConnection::onDisconnected()
{
    // Frames that arrived just before the peer hung up are still delivered.
    pullFrames();
    close(QStringLiteral("the peer closed the connection"));
}

qint64 PeerConnection::queuedWriteBytes() const
{
    // QSslSocket::bytesToWrite() counts only bytes not yet encrypted; once encrypted they wait
    // in the plain socket, which encryptedBytesToWrite() reports.
    return m_socket ? m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() : 0;
}

void PeerConnection::onBytesWritten()
{
    if (m_state == State::Ready)
        m_idleTimer.start(m_config.idleTimeout);
    if (m_writeBlocked && queuedWriteBytes() <= m_config.writeLowWater) {
        m_writeBlocked = false;
        Q_EMIT drained();
    }
}

Result<void> PeerConnection::send(const QCborMap &message)
{
    if (m_state != State::Ready)
        return fail(QStringLiteral("the connection to %1 is not ready").arg(peerLabel()));
    if (auto valid = message::validate(message); !valid)
        return valid;
    auto frame = m_codec.encode(message);
    if (!frame)
        return Error{frame.error()};
    const qint64 queued = queuedWriteBytes();
    if (m_writeBlocked || (queued > 0 && queued + frame->size() > m_config.writeHighWater)) {
        m_writeBlocked = true;
        return fail(QStringLiteral("%1 is not keeping up: %2 bytes are still queued")
                        .arg(peerLabel())
                        .arg(queued));
    }
    m_socket->write(frame.value());
    m_idleTimer.start(m_config.idleTimeout);
    m_writeBlocked = queuedWriteBytes() >= m_config.writeHighWater;
    return {};
}

void PeerConnection::writeFrame(const QCborMap &message)
{
    auto frame = m_codec.encode(message);
    if (frame)
        m_socket->write(frame.value());
    else
        qCWarning(lcNet) << "could not encode a frame for" << peerLabel() << frame.error();
}

std::optional<QCborMap> PeerConnection::takeMessage()
{
    if (m_inbox.isEmpty())
        return std::nullopt;
    if (m_inbox.size() >= m_config.maxQueuedFrames)
        schedulePull();
    return m_inbox.dequeue();
}

void PeerConnection::schedulePull()
{
    // Not called directly: takeMessage() may run inside a messagesAvailable() slot.
    if (m_pullScheduled)
        return;
    m_pullScheduled = true;
    QMetaObject::invokeMethod(this, &PeerConnection::pullFrames, Qt::QueuedConnection);
}

void PeerConnection::pullFrames()
{
    m_pullScheduled = false;
    if (m_state != State::AwaitingHello && m_state != State::Ready)
        return;
    if (m_state == State::Ready)
        m_idleTimer.start(m_config.idleTimeout);
    const qsizetype before = m_inbox.size();
    bool progressed = false;
    QPointer<PeerConnection> alive(this);
    while (m_socket && m_inbox.size() < m_config.maxQueuedFrames) {
        const QByteArray bytes = m_socket->read(m_codec.bytesWanted());
        if (bytes.isEmpty())
            break;
        progressed = true;
        m_codec.feed(bytes);
        if (!consumeDecoded() || !alive)
            return;
    }
    if (m_state == State::Closed)
        return;
    updateFrameTimer(progressed);
    if (m_inbox.size() > before)
        Q_EMIT messagesAvailable();
}

void PeerConnection::updateFrameTimer(bool progressed)
{
    if (!m_codec.hasPartialFrame())
        m_frameTimer.stop();
    else if (progressed || !m_frameTimer.isActive())
        m_frameTimer.start(m_config.frameTimeout);
}

bool PeerConnection::consumeDecoded()
{
    FrameCodec::Decoded decoded = m_codec.next();
    switch (decoded.status) {
    case FrameCodec::Status::NeedMore:
        return true;
    case FrameCodec::Status::Frame:
        return dispatch(std::move(decoded.message));
    case FrameCodec::Status::Malformed:
        refuse(message::kErrorProtocol, QStringLiteral("malformed frame: ") + decoded.error);
        return false;
    case FrameCodec::Status::Oversize:
        refuse(message::kErrorProtocol, QStringLiteral("oversize frame: ") + decoded.error);
        return false;
    }
    return false;
}

bool PeerConnection::dispatch(QCborMap message)
{
    if (auto valid = message::validate(message); !valid) {
        refuse(message::kErrorProtocol, QStringLiteral("invalid message: ") + valid.error());
        return false;
    }
    if (m_state == State::AwaitingHello)
        return handleHello(message);
    if (message::typeOf(message) == MessageType::Hello) {
        refuse(message::kErrorProtocol, QStringLiteral("a second hello after the handshake"));
        return false;
    }
    m_inbox.enqueue(std::move(message));
    return true;
}

bool PeerConnection::handleHello(const QCborMap &message)
{
    const auto type = message::typeOf(message);
    if (type == MessageType::Error) {
        const auto report = message::parseError(message);
        close(QStringLiteral("refused by the peer: ") + report->reason);
        return false;
    }
    if (type != MessageType::Hello) {
        refuse(message::kErrorProtocol, QStringLiteral("out of order: a %1 message before hello")
                                            .arg(message::typeName(*type)));
        return false;
    }
    if (const auto problem = disagreement(message::parseHello(message).value())) {
        refuse(problem->code, problem->reason);
        return false;
    }
    becomeReady();
    return true;
}

std::optional<message::ErrorReport> PeerConnection::disagreement(const message::Hello &hello) const
{
    if (hello.nodeId != m_peerId)
        return message::ErrorReport{
            message::kErrorIdentity,
            QStringLiteral("the hello names node %1 but the certificate is node %2")
                .arg(hello.nodeId.shortText(), m_peerId.shortText())};
    if (hello.protocolVersion != m_config.protocolVersion)
        return message::ErrorReport{message::kErrorProtocolVersion,
                                    QStringLiteral("protocol version %1 differs from ours (%2)")
                                        .arg(hello.protocolVersion)
                                        .arg(m_config.protocolVersion)};
    if (hello.paramsHash != m_config.paramsHash)
        return message::ErrorReport{
            message::kErrorParams,
            QStringLiteral("network parameters differ: hash %1 against ours %2")
                .arg(hashPrefix(hello.paramsHash), hashPrefix(m_config.paramsHash))};
    return std::nullopt;
}

void PeerConnection::becomeReady()
{
    m_state = State::Ready;
    m_handshakeTimer.stop();
    m_idleTimer.start(m_config.idleTimeout);
    qCInfo(lcNet).noquote() << "connected to" << peerLabel() << "over"
                            << m_socket->sessionCipher().name();
    Q_EMIT ready();
}

void PeerConnection::refuse(const QString &code, const QString &reason)
{
    if (m_state == State::Closed)
        return;
    qCWarning(lcNet).noquote() << "refusing" << peerLabel() << "-" << reason;
    if (m_socket && m_socket->isEncrypted())
        writeFrame(message::makeError(code, reason));
    shutdown(reason);
}

void PeerConnection::close(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    qCInfo(lcNet).noquote() << "closing" << peerLabel() << "-" << reason;
    shutdown(reason);
}

void PeerConnection::shutdown(const QString &reason)
{
    m_state = State::Closed;
    m_closeReason = reason;
    m_writeBlocked = false;
    for (QTimer *timer : {&m_handshakeTimer, &m_frameTimer, &m_idleTimer})
        timer->stop();
    releaseSocket();
    Q_EMIT closed(reason);
}

void PeerConnection::releaseSocket()
{
    // The socket outlives this connection just long enough to flush its last frames (an error
    // frame that tells the peer why), so deleting a closed connection never cuts them short.
    QSslSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->setParent(nullptr);
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(m_config.closeGrace, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->disconnectFromHost();
}

} // namespace streamsync
