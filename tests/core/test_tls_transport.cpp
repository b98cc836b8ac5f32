#include "log/CanonicalCbor.h"
#include "net/NodeCertificate.h"
#include "net/PeerConnection.h"
#include "net/PeerServer.h"
#include "params/Parameters.h"

#include <QPointer>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

#include <memory>

using namespace streamsync;
using namespace std::chrono_literals;

// The peer transport over real TLS sockets on loopback (issue #4): Ed25519 self-signed node
// certificates pinned to node ids, the hello, refusal of bad peers one connection at a time,
// timeouts and backpressure. Real OpenSSL keys, no mocks.
class TestTlsTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void certificateCarriesTheNodeId();
    void handshakeAndMessagesBothWays();
    void sessionIsTls13();
    void wrongExpectedIdNamesBothIds();
    void differentParametersAreRefused();
    void differentProtocolVersionIsRefused();
    void badClientClosesOnlyItsConnection_data();
    void badClientClosesOnlyItsConnection();
    void clientWithoutCertificateIsRefused();
    void connectionsBeyondTheCapAreRefused();
    void silentClientTimesOut_data();
    void silentClientTimesOut();
    void partialFrameTimesOut();
    void idleConnectionCloses();
    void sendBeforeReadyIsRefused();
    void backpressureStopsAndResumesTheSender();

private:
    struct Pair
    {
        QPointer<PeerConnection> client;
        QPointer<PeerConnection> server;
    };
    TransportConfig baseConfig() const;
    void startServer(const TransportConfig &config);
    PeerConnection *dial(const NodeCertificate &identity, const NodeId &expected,
                         const TransportConfig &config);
    Pair connectPair(const TransportConfig &clientConfig);
    // A QSslSocket that completes TLS with a valid node certificate but then speaks for itself.
    std::unique_ptr<QSslSocket> rawTlsClient();
    static QCborMap headsMessage(int n);

    std::optional<NodeCertificate> m_serverCert;
    std::optional<NodeCertificate> m_clientCert;
    std::optional<NodeCertificate> m_otherCert;
    std::unique_ptr<PeerServer> m_server;
};

namespace {

NodeCertificate makeCertificate()
{
    auto key = Ed25519SigningKey::generate();
    if (!key)
        qFatal("%s", qPrintable(key.error()));
    auto certificate = NodeCertificate::create(key.value());
    if (!certificate)
        qFatal("%s", qPrintable(certificate.error()));
    // The certificate's QSslKey holds its own reference, so the signing key may go now.
    return certificate.value();
}

// QCborMap compares in insertion order; received maps come in canonical key order.
QByteArray canonical(const QCborMap &message)
{
    return cbor::encode(message).value();
}

QByteArray lengthPrefix(quint32 length)
{
    QByteArray prefix(4, Qt::Uninitialized);
    qToBigEndian(length, prefix.data());
    return prefix;
}

} // namespace

void TestTlsTransport::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
    m_serverCert = makeCertificate();
    m_clientCert = makeCertificate();
    m_otherCert = makeCertificate();
}

void TestTlsTransport::init()
{
    startServer(baseConfig());
}

void TestTlsTransport::cleanup()
{
    m_server.reset();
}

TransportConfig TestTlsTransport::baseConfig() const
{
    TransportConfig config;
    config.paramsHash = Parameters::defaults().hash();
    config.handshakeTimeout = 5s;
    return config;
}

void TestTlsTransport::startServer(const TransportConfig &config)
{
    m_server = std::make_unique<PeerServer>(*m_serverCert, config);
    const auto started = m_server->start(QHostAddress::LocalHost);
    QVERIFY2(started.ok(), qPrintable(started.error()));
}

PeerConnection *TestTlsTransport::dial(const NodeCertificate &identity, const NodeId &expected,
                                       const TransportConfig &config)
{
    return PeerConnection::dial(QStringLiteral("127.0.0.1"), m_server->serverPort(), expected,
                                identity, config, m_server.get());
}

TestTlsTransport::Pair TestTlsTransport::connectPair(const TransportConfig &clientConfig)
{
    QSignalSpy serverReady(m_server.get(), &PeerServer::peerReady);
    Pair pair;
    pair.client = dial(*m_clientCert, m_serverCert->nodeId(), clientConfig);
    QSignalSpy clientReady(pair.client.data(), &PeerConnection::ready);
    if (!clientReady.wait(5000) && clientReady.isEmpty())
        qWarning("client not ready: %s", qPrintable(pair.client->closeReason()));
    if (serverReady.isEmpty())
        serverReady.wait(5000);
    if (!serverReady.isEmpty())
        pair.server = serverReady.first().first().value<PeerConnection *>();
    return pair;
}

std::unique_ptr<QSslSocket> TestTlsTransport::rawTlsClient()
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_3OrLater);
    tls.setLocalCertificate(m_otherCert->certificate());
    tls.setPrivateKey(m_otherCert->privateKey());
    tls.setPeerVerifyMode(QSslSocket::QueryPeer);
    socket->setSslConfiguration(tls);
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->serverPort());
    return socket;
}

QCborMap TestTlsTransport::headsMessage(int n)
{
    QCborMap heads;
    heads.insert(QCborValue(QByteArray(32, char(n))), QCborArray{n, QByteArray(32, 'h')});
    return message::make(MessageType::Heads, {{QStringLiteral("heads"), heads}});
}

void TestTlsTransport::certificateCarriesTheNodeId()
{
    const QSslCertificate &certificate = m_serverCert->certificate();
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName),
             QStringList{m_serverCert->nodeId().toHex()});
    QVERIFY(certificate.isSelfSigned());
    QVERIFY(certificate.expiryDate() > QDateTime::currentDateTimeUtc().addYears(9));
    QCOMPARE(m_serverCert->privateKey().algorithm(), QSsl::Opaque);
    const auto id = NodeCertificate::peerNodeId(certificate);
    QVERIFY2(id.ok(), qPrintable(id.error()));
    QCOMPARE(id.value(), m_serverCert->nodeId());
    // A PEM round trip (how a certificate would be stored or shown) keeps the key.
    const QSslCertificate reloaded(certificate.toPem(), QSsl::Pem);
    QCOMPARE(NodeCertificate::peerNodeId(reloaded).value(), m_serverCert->nodeId());
    QVERIFY(!NodeCertificate::peerNodeId(QSslCertificate()).ok());
}

void TestTlsTransport::handshakeAndMessagesBothWays()
{
    const Pair pair = connectPair(baseConfig());
    QVERIFY(pair.client && pair.server);
    QVERIFY(pair.client->isReady() && pair.server->isReady());
    QCOMPARE(pair.client->peerId(), m_serverCert->nodeId());
    QCOMPARE(pair.server->peerId(), m_clientCert->nodeId());

    QVERIFY(pair.client->send(headsMessage(1)).ok());
    QTRY_COMPARE(pair.server->pendingMessages(), 1);
    QCOMPARE(canonical(pair.server->takeMessage().value()), canonical(headsMessage(1)));

    QVERIFY(pair.server->send(headsMessage(2)).ok());
    QVERIFY(
        pair.server
            ->send(message::makeError(QStringLiteral("not_found"), QStringLiteral("no such chunk")))
            .ok());
    QTRY_COMPARE(pair.client->pendingMessages(), 2);
    QCOMPARE(canonical(pair.client->takeMessage().value()), canonical(headsMessage(2)));
    QCOMPARE(message::typeOf(pair.client->takeMessage().value()), MessageType::Error);
    QVERIFY(!pair.client->takeMessage());
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestTlsTransport::sessionIsTls13()
{
    const Pair pair = connectPair(baseConfig());
    QVERIFY(pair.client && pair.server);
    QCOMPARE(pair.client->sessionProtocol(), QSsl::TlsV1_3);
    QCOMPARE(pair.server->sessionProtocol(), QSsl::TlsV1_3);
}

void TestTlsTransport::wrongExpectedIdNamesBothIds()
{
    QSignalSpy refused(m_server.get(), &PeerServer::peerRefused);
    QPointer<PeerConnection> client = dial(*m_clientCert, m_otherCert->nodeId(), baseConfig());
    QSignalSpy closed(client.data(), &PeerConnection::closed);
    QSignalSpy ready(client.data(), &PeerConnection::ready);
    QVERIFY(closed.wait(5000));
    const QString reason = closed.first().first().toString();
    QVERIFY2(reason.contains(QStringLiteral("expected node ") + m_otherCert->nodeId().shortText()),
             qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("presented ") + m_serverCert->nodeId().shortText()),
             qPrintable(reason));
    QVERIFY(ready.isEmpty());
    QTRY_COMPARE(refused.size(), 1);
}

void TestTlsTransport::differentParametersAreRefused()
{
    QSignalSpy refused(m_server.get(), &PeerServer::peerRefused);
    Parameters other = Parameters::defaults();
    other.replication = 5;
    TransportConfig config = baseConfig();
    config.paramsHash = other.hash();
    QPointer<PeerConnection> client = dial(*m_clientCert, m_serverCert->nodeId(), config);
    QSignalSpy closed(client.data(), &PeerConnection::closed);
    QSignalSpy ready(client.data(), &PeerConnection::ready);
    QVERIFY(closed.wait(5000));
    QVERIFY2(closed.first().first().toString().contains(QStringLiteral("parameters differ")),
             qPrintable(closed.first().first().toString()));
    QTRY_COMPARE(refused.size(), 1);
    const QString serverReason = refused.first().first().toString();
    QVERIFY2(serverReason.contains(QStringLiteral("parameters differ")) &&
                 serverReason.contains(QString::fromLatin1(other.hash().toHex().left(16))),
             qPrintable(serverReason));
    QVERIFY(ready.isEmpty());
}

void TestTlsTransport::differentProtocolVersionIsRefused()
{
    QSignalSpy refused(m_server.get(), &PeerServer::peerRefused);
    TransportConfig config = baseConfig();
    config.protocolVersion = 99;
    QPointer<PeerConnection> client = dial(*m_clientCert, m_serverCert->nodeId(), config);
    QSignalSpy closed(client.data(), &PeerConnection::closed);
    QVERIFY(closed.wait(5000));
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("protocol version 99")),
             qPrintable(refused.first().first().toString()));
}

void TestTlsTransport::badClientClosesOnlyItsConnection_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("garbage") << (lengthPrefix(5) + QByteArray(5, '\xff'))
                             << QStringLiteral("malformed frame");
    QTest::newRow("oversize") << lengthPrefix(0x7fffffff) << QStringLiteral("oversize frame");
    QTest::newRow("non-canonical")
        << (lengthPrefix(16) + QByteArray::fromHex("a2647479706565686561647361616101"))
        << QStringLiteral("canonical");
    // A well-formed frame, but not a hello: the order of the protocol is part of its validity.
    const QByteArray heads = FrameCodec().encode(headsMessage(3)).value();
    QTest::newRow("before hello") << heads << QStringLiteral("before hello");
}

void TestTlsTransport::badClientClosesOnlyItsConnection()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    const Pair good = connectPair(baseConfig());
    QVERIFY(good.client && good.server);

    QSignalSpy refused(m_server.get(), &PeerServer::peerRefused);
    auto bad = rawTlsClient();
    QSignalSpy disconnected(bad.get(), &QSslSocket::disconnected);
    QTRY_VERIFY(bad->isEncrypted());
    bad->write(bytes);
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(reason),
             qPrintable(refused.first().first().toString()));
    QTRY_VERIFY(disconnected.size() == 1);

    // The good peer never noticed.
    QVERIFY(good.client->isReady() && good.server->isReady());
    QVERIFY(good.client->send(headsMessage(4)).ok());
    QTRY_COMPARE(good.server->pendingMessages(), 1);
    QVERIFY(good.server->send(headsMessage(5)).ok());
    QTRY_COMPARE(good.client->pendingMessages(), 1);
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestTlsTransport::clientWithoutCertificateIsRefused()
{
    QSignalSpy refused(m_server.get(), &PeerServer::peerRefused);
    QSslSocket anonymous;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_3OrLater);
    tls.setPeerVerifyMode(QSslSocket::QueryPeer);
    anonymous.setSslConfiguration(tls);
    QSignalSpy disconnected(&anonymous, &QSslSocket::disconnected);
    anonymous.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->serverPort());
    QVERIFY(refused.wait(5000));
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("no certificate")),
             qPrintable(refused.first().first().toString()));
    QTRY_COMPARE(disconnected.size(), 1);
}

void TestTlsTransport::connectionsBeyondTheCapAreRefused()
{
    m_server->setMaxConnections(1);
    const Pair good = connectPair(baseConfig());
    QVERIFY(good.client && good.server);
    QTcpSocket extra;
    QSignalSpy disconnected(&extra, &QTcpSocket::disconnected);
    extra.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(m_server->connectionCount(), 1);
    QVERIFY(good.client->send(headsMessage(6)).ok());
    QTRY_COMPARE(good.server->pendingMessages(), 1);
}

void TestTlsTransport::silentClientTimesOut_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no TLS") << false << QStringLiteral("no TLS handshake within 1000 ms");
    QTest::newRow("TLS, no hello") << true << QStringLiteral("no hello within 1000 ms");
}

void TestTlsTransport::silentClientTimesOut()
{
    QFETCH(bool, tls);
    QFETCH(QString, reason);
    TransportConfig config = baseConfig();
    // Long enough for a loaded machine to finish TLS, so the "no hello" row times out on hello.
    config.handshakeTimeout = 1000ms;
    startServer(config);
    QSignalSpy refused(m_server.get(), &PeerServer::peerRefused);
    std::unique_ptr<QTcpSocket> silent;
    if (tls) {
        silent = rawTlsClient();
    } else {
        silent = std::make_unique<QTcpSocket>();
        silent->connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    }
    QSignalSpy disconnected(silent.get(), &QAbstractSocket::disconnected);
    QVERIFY(refused.wait(5000));
    QVERIFY2(refused.first().first().toString().contains(reason),
             qPrintable(refused.first().first().toString()));
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(m_server->connectionCount(), 0);
}

void TestTlsTransport::partialFrameTimesOut()
{
    TransportConfig config = baseConfig();
    config.frameTimeout = 300ms;
    startServer(config);
    const Pair pair = connectPair(baseConfig());
    QVERIFY(pair.client && pair.server);
    QSignalSpy closed(pair.server.data(), &PeerConnection::closed);
    // Reach below the connection's framing: a prefix promising 100 bytes, then nothing.
    auto *socket = pair.client->findChild<QSslSocket *>();
    QVERIFY(socket);
    socket->write(lengthPrefix(100) + QByteArray(10, 'x'));
    QVERIFY(closed.wait(3000));
    QVERIFY2(closed.first().first().toString().contains(QStringLiteral("incomplete for 300 ms")),
             qPrintable(closed.first().first().toString()));
}

void TestTlsTransport::idleConnectionCloses()
{
    TransportConfig config = baseConfig();
    config.idleTimeout = 600ms;
    startServer(config);
    const Pair pair = connectPair(baseConfig());
    QVERIFY(pair.client && pair.server);
    QSignalSpy serverClosed(pair.server.data(), &PeerConnection::closed);
    QSignalSpy clientClosed(pair.client.data(), &PeerConnection::closed);
    QVERIFY(serverClosed.wait(3000));
    QVERIFY(serverClosed.first().first().toString().contains(QStringLiteral("idle for 600 ms")));
    QTRY_COMPARE(clientClosed.size(), 1);
}

void TestTlsTransport::sendBeforeReadyIsRefused()
{
    PeerConnection *client = dial(*m_clientCert, m_serverCert->nodeId(), baseConfig());
    const auto sent = client->send(headsMessage(1));
    QVERIFY(!sent);
    QVERIFY2(sent.error().contains(QStringLiteral("not ready")), qPrintable(sent.error()));
    QVERIFY(!client->send(QCborMap{{QStringLiteral("type"), QStringLiteral("gossip")}}));
}

void TestTlsTransport::backpressureStopsAndResumesTheSender()
{
    constexpr int kChunk = 256 * 1024;
    TransportConfig serverConfig = baseConfig();
    serverConfig.maxQueuedFrames = 2;
    serverConfig.socketReadBufferBytes = 64 * 1024;
    startServer(serverConfig);
    TransportConfig clientConfig = baseConfig();
    clientConfig.writeHighWater = 1024 * 1024;
    clientConfig.writeLowWater = 256 * 1024;
    const qint64 bound = clientConfig.writeHighWater + kChunk + 64;
    const Pair pair = connectPair(clientConfig);
    QVERIFY(pair.client && pair.server);

    const auto chunk = [](int i) {
        return message::make(MessageType::StoreChunk,
                             {{QStringLiteral("chunk_hash"), QByteArray(32, char(i))},
                              {QStringLiteral("data"), QByteArray(kChunk, char(i))}});
    };
    // The receiver takes nothing. Kernel buffers absorb some megabytes first; after that the
    // sender must be refused rather than buffer without bound.
    int sent = 0;
    qint64 maxQueued = 0;
    QElapsedTimer clock;
    clock.start();
    while (!pair.client->isWriteBlocked() && clock.elapsed() < 20'000) {
        if (pair.client->send(chunk(sent)).ok())
            ++sent;
        maxQueued = qMax(maxQueued, pair.client->queuedWriteBytes());
        QTest::qWait(2);
    }
    QVERIFY2(pair.client->isWriteBlocked(), "the sender was never stopped");
    QVERIFY(!pair.client->send(chunk(sent)).ok());
    // Stays stopped while the receiver does not read, and stays bounded on both ends.
    for (int i = 0; i < 25; ++i) {
        QTest::qWait(20);
        maxQueued = qMax(maxQueued, pair.client->queuedWriteBytes());
    }
    QVERIFY(pair.client->isWriteBlocked());
    QVERIFY2(maxQueued <= bound, qPrintable(QString::number(maxQueued)));
    QCOMPARE(pair.server->pendingMessages(), serverConfig.maxQueuedFrames);
    qInfo("sender stopped after %d chunks of %d KiB, at most %lld bytes queued", sent,
          kChunk / 1024, maxQueued);

    // The receiver reads everything; the sender is told to go on and finishes.
    int received = 0;
    connect(pair.server.data(), &PeerConnection::messagesAvailable, this, [&] {
        while (auto m = pair.server->takeMessage()) {
            QCOMPARE(m->value(QStringLiteral("data")).toByteArray().front(), char(received));
            ++received;
        }
    });
    QSignalSpy drained(pair.client.data(), &PeerConnection::drained);
    while (pair.server->takeMessage())
        ++received;
    QVERIFY(drained.wait(10'000));
    QVERIFY(!pair.client->isWriteBlocked());
    const int total = sent + 10;
    while (sent < total) {
        if (pair.client->send(chunk(sent)).ok())
            ++sent;
        else
            QVERIFY(drained.wait(10'000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(received, total, 20'000);
}

QTEST_GUILESS_MAIN(TestTlsTransport)
#include "test_tls_transport.moc"
