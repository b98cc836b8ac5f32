#include "LocalCluster.h"

#include "crypto/NodeId.h"
#include "daemon/AdminClient.h"
#include "daemon/AdminToken.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <sys/stat.h>

using namespace streamsync;

namespace {

const QString kPassphrase = QStringLiteral("admin api test passphrase");
constexpr int kStopTimeoutMs = 20'000;
constexpr int kCallTimeoutMs = 20'000;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runNode(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STREAMSYNC_PASSPHRASE"), kPassphrase);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(STREAMSYNC_NODE_BIN), arguments);
    process.waitForFinished(60'000);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

int fileMode(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList names(const QList<LifecycleState> &states)
{
    QStringList out;
    for (LifecycleState state : states)
        out.append(toString(state));
    return out;
}

// Waits (running the event loop) for a future of the client.
template <typename T> T await(QFuture<T> future)
{
    QDeadlineTimer deadline(kCallTimeoutMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(10);
    if (!future.isFinished())
        qFatal("an admin call did not finish in time");
    return future.result();
}

struct RawAnswer
{
    int status = 0;
    QJsonObject json;
};

// One request over TLS written by hand, for what AdminClient never sends. The server is another
// process, so blocking waits are fine here.
RawAnswer rawRequest(quint16 port, const QByteArray &request,
                     QSsl::SslProtocol protocol = QSsl::TlsV1_3OrLater)
{
    QSslSocket socket;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(protocol);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.setSslConfiguration(tls);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForEncrypted(10'000))
        return {};
    socket.write(request);
    QByteArray all;
    QDeadlineTimer deadline(10'000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        all += socket.readAll();
    }
    all += socket.readAll();
    const qsizetype split = all.indexOf("\r\n\r\n");
    return {all.mid(9, 3).toInt(), QJsonDocument::fromJson(all.mid(split + 4)).object()};
}

QByteArray post(const QByteArray &token, const QByteArray &body,
                const QByteArray &type = "application/json")
{
    return "POST /v1/lifecycle HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: " + type + "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

} // namespace

// The admin API (issue #4) of real `streamsync-node run` processes: the token file, TLS 1.3
// pinned to the node id, bearer tokens, status, history and every lifecycle action, through
// AdminClient as the console will use it and through hand-written requests for the refusals.
class TestAdminApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void adminTokenIsCreatedPrivateAndKept();
    void groupReadableTokenIsRefused();
    void statusWithTheRightToken();
    void wrongOrMissingTokenIs401();
    void pauseAndResumeAreSignedAndKept();
    void everyConsoleAction();
    void illegalTransitionIs409WithAllowedStates();
    void malformedRequestsAreRefused();
    void pinMismatchNamesBothIds();
    void onlyTls13IsSpoken();
    void nonLoopbackNeedsTheFlag();

private:
    // Starts node 0 with the admin API on a free loopback port; returns the port.
    quint16 startWithAdmin();
    AdminClient *client(const QByteArray &token, const NodeId &pinned);
    QByteArray token() const { return readAll(tokenPath()).trimmed(); }
    QString tokenPath() const { return AdminToken::defaultPath(m_cluster->node(0).dir); }
    NodeId nodeId() const { return NodeId::fromHex(m_cluster->node(0).idHex); }

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    quint16 m_port = 0;
};

void TestAdminApi::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    m_cluster.emplace(m_dir->path(), kPassphrase);
    QVERIFY(m_cluster->addNode(QStringLiteral("remote")));
}

void TestAdminApi::cleanup()
{
    m_cluster.reset();
    m_dir.reset();
}

quint16 TestAdminApi::startWithAdmin()
{
    const Run created =
        runNode({QStringLiteral("admin-token"), QStringLiteral("--data"), m_cluster->node(0).dir});
    if (created.exitCode != 0)
        qWarning().noquote() << created.err;
    const auto started =
        m_cluster->start(0, {}, {QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")});
    if (!started) {
        qWarning().noquote() << started.error() << m_cluster->stderrText(0);
        return 0;
    }
    static const QRegularExpression line(QStringLiteral(R"(admin on 127\.0\.0\.1:(\d+))"));
    m_port = quint16(line.match(m_cluster->node(0).out).captured(1).toUInt());
    return m_port;
}

AdminClient *TestAdminApi::client(const QByteArray &token, const NodeId &pinned)
{
    PeerAddress address;
    address.host = QStringLiteral("127.0.0.1");
    address.port = m_port;
    address.nodeId = pinned;
    auto *made = new AdminClient(address, token, this);
    made->setTimeout(std::chrono::milliseconds(kCallTimeoutMs));
    return made;
}

void TestAdminApi::adminTokenIsCreatedPrivateAndKept()
{
    const QString dir = m_cluster->node(0).dir;
    const Run first = runNode({QStringLiteral("admin-token"), QStringLiteral("--data"), dir});
    QCOMPARE(first.exitCode, 0);
    QVERIFY(first.out.startsWith(QLatin1String("created ")));
    QCOMPARE(fileMode(tokenPath()), 0600);
    const QByteArray secret = token();
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$"))
                .match(QString::fromLatin1(secret))
                .hasMatch());
    const Run second = runNode({QStringLiteral("admin-token"), QStringLiteral("--data"), dir});
    QCOMPARE(second.exitCode, 0);
    QVERIFY(second.out.startsWith(QLatin1String("kept existing ")));
    QCOMPARE(token(), secret);
    const auto loaded = AdminToken::load(tokenPath());
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(loaded->matches(secret));
    QVERIFY(!loaded->matches(QByteArray(secret.left(63) + 'x')));
    QVERIFY(!loaded->matches(QByteArray()));
}

void TestAdminApi::groupReadableTokenIsRefused()
{
    const QString dir = m_cluster->node(0).dir;
    QCOMPARE(runNode({QStringLiteral("admin-token"), QStringLiteral("--data"), dir}).exitCode, 0);
    QVERIFY(QFile::setPermissions(tokenPath(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
    QCOMPARE(fileMode(tokenPath()), 0640);
    const Run check = runNode({QStringLiteral("admin-token"), QStringLiteral("--data"), dir});
    QCOMPARE(check.exitCode, 2);
    QVERIFY2(check.err.contains(QLatin1String("accessible by group or others (mode 0640)")) &&
                 check.err.contains(QLatin1String("chmod 600")),
             qPrintable(check.err));
    const auto started =
        m_cluster->start(0, {}, {QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(!started);
    QCOMPARE(m_cluster->node(0).process->exitCode(), 2);
    QVERIFY2(m_cluster->stderrText(0).contains(QLatin1String("mode 0640")),
             qPrintable(m_cluster->stderrText(0)));
}

void TestAdminApi::statusWithTheRightToken()
{
    QVERIFY(startWithAdmin() != 0);
    const auto status = await(client(token(), nodeId())->status());
    QVERIFY2(status, qPrintable(status.error()));
    QCOMPARE(status->nodeId, m_cluster->node(0).idHex);
    QCOMPARE(status->shortId, nodeId().shortText());
    QCOMPARE(status->name, QStringLiteral("remote"));
    QCOMPARE(toString(status->state), QStringLiteral("Online"));
    QCOMPARE(status->quotaBytes, 1LL << 30);
    QCOMPARE(status->usedBytes, 0);
    QCOMPARE(status->peers, 0);
    QCOMPARE(status->logEvents, m_cluster->eventCount(0).value());
    QCOMPARE(names(status->allowedTargets),
             (QStringList{QStringLiteral("Paused"), QStringLiteral("Draining"),
                          QStringLiteral("Failed")}));
}

void TestAdminApi::wrongOrMissingTokenIs401()
{
    QVERIFY(startWithAdmin() != 0);
    const QByteArray wrong = QByteArray(64, 'a');
    const auto status = await(client(wrong, nodeId())->status());
    QVERIFY(!status);
    QVERIFY2(status.error().contains(QLatin1String("401")), qPrintable(status.error()));
    const auto moved = await(client(wrong, nodeId())->changeState(LifecycleState::Paused, {}));
    QVERIFY(!moved);
    // The same answer whatever was asked, so nothing about routes or the node leaks.
    const RawAnswer missing = rawRequest(m_port, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
    const RawAnswer nowhere = rawRequest(m_port, "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
    const RawAnswer basic =
        rawRequest(m_port, "GET /v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + token() +
                               "\r\n\r\n");
    for (const RawAnswer &answer : {missing, nowhere, basic}) {
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.json,
                 (QJsonObject{{QStringLiteral("error"), QStringLiteral("unauthorized")}}));
    }
    const auto history = m_cluster->column(0, QStringLiteral("SELECT state FROM nodes"));
    QCOMPARE(history->value(0), QByteArray("Online"));
}

void TestAdminApi::pauseAndResumeAreSignedAndKept()
{
    QVERIFY(startWithAdmin() != 0);
    AdminClient *admin = client(token(), nodeId());
    const QString changes =
        QStringLiteral("SELECT count(*) FROM events WHERE kind = 'lifecycle_change'");
    const qint64 before = m_cluster->column(0, changes)->value(0).toLongLong();

    const auto paused =
        await(admin->changeState(LifecycleState::Paused, QStringLiteral("disk swap")));
    QVERIFY2(paused, qPrintable(paused.error()));
    QCOMPARE(toString(paused->state), QStringLiteral("Paused"));
    QCOMPARE(m_cluster->column(0, changes)->value(0).toLongLong(), before + 1);
    const auto history = await(admin->history());
    QVERIFY2(history, qPrintable(history.error()));
    QCOMPARE(toString(history->last().from), QStringLiteral("Online"));
    QCOMPARE(toString(history->last().to), QStringLiteral("Paused"));
    QCOMPARE(toString(history->last().who), QStringLiteral("Operator"));
    QCOMPARE(history->last().why, QStringLiteral("disk swap"));

    const auto resumed = await(admin->changeState(LifecycleState::Online, QStringLiteral("back")));
    QVERIFY2(resumed, qPrintable(resumed.error()));
    QCOMPARE(toString(resumed->state), QStringLiteral("Online"));
    QCOMPARE(m_cluster->column(0, changes)->value(0).toLongLong(), before + 2);

    QVERIFY(m_cluster->stop(0, kStopTimeoutMs));
    const Run listed = runNode({QStringLiteral("lifecycle"), QStringLiteral("--data"),
                                m_cluster->node(0).dir, QStringLiteral("history")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(QLatin1String("Online -> Paused  (Operator: disk swap)")) &&
                 listed.out.contains(QLatin1String("Paused -> Online  (Operator: back)")),
             qPrintable(listed.out));
}

// Each action the console offers, in an order the state machine allows, on a running daemon.
void TestAdminApi::everyConsoleAction()
{
    QVERIFY(startWithAdmin() != 0);
    AdminClient *admin = client(token(), nodeId());
    using S = LifecycleState;
    const QList<std::pair<S, S>> steps{{S::Paused, S::Paused},    {S::Online, S::Online},
                                       {S::Failed, S::Failed},    {S::Stopped, S::Stopped},
                                       {S::Starting, S::Online}, // a running daemon goes on
                                       {S::Draining, S::Draining}};
    for (const auto &[target, reached] : steps) {
        const auto status = await(admin->changeState(target, QStringLiteral("step")));
        QVERIFY2(status, qPrintable(toString(target) + QLatin1String(": ") + status.error()));
        QCOMPARE(toString(status->state), toString(reached));
    }
    // Holding no data, the drained node leaves by itself, saying so; then it can be retired.
    QTRY_COMPARE_WITH_TIMEOUT(toString(await(admin->status())->state), toString(S::Exited), 10'000);
    const auto handoff = await(admin->status())->handoff;
    QVERIFY(handoff && handoff->complete);
    QCOMPARE(handoff->objectsTotal, 0);
    const auto retired = await(admin->changeState(S::Retired, QStringLiteral("step")));
    QVERIFY2(retired, qPrintable(retired.error()));
    QCOMPARE(toString(retired->state), toString(S::Retired));
    QVERIFY(await(admin->status())->allowedTargets.isEmpty());
}

void TestAdminApi::illegalTransitionIs409WithAllowedStates()
{
    QVERIFY(startWithAdmin() != 0);
    const auto refused = await(client(token(), nodeId())->changeState(LifecycleState::Retired, {}));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QLatin1String("409")) &&
                 refused.error().contains(
                     QLatin1String("from Online a node can go to: Paused, Draining, Failed")),
             qPrintable(refused.error()));
    const RawAnswer raw = rawRequest(m_port, post(token(), R"({"target":"Stopped"})"));
    QCOMPARE(raw.status, 409);
    QCOMPARE(raw.json.value(QStringLiteral("state")).toString(), QStringLiteral("Online"));
    QCOMPARE(raw.json.value(QStringLiteral("allowed_targets")).toVariant().toStringList(),
             (QStringList{QStringLiteral("Paused"), QStringLiteral("Draining"),
                          QStringLiteral("Failed")}));
    QCOMPARE(m_cluster->column(0, QStringLiteral("SELECT state FROM nodes"))->value(0),
             QByteArray("Online"));
}

void TestAdminApi::malformedRequestsAreRefused()
{
    QVERIFY(startWithAdmin() != 0);
    const QByteArray t = token();
    QCOMPARE(rawRequest(m_port, post(t, "{\"target\": ")).status, 400);
    QCOMPARE(rawRequest(m_port, post(t, "[1, 2]")).status, 400);
    QCOMPARE(rawRequest(m_port, post(t, R"({"target": 3})")).status, 400);
    QCOMPARE(rawRequest(m_port, post(t, R"({"target": "Sideways"})")).status, 400);
    QCOMPARE(rawRequest(m_port, post(t, R"({"target": "pause"})", "text/plain")).status, 415);
    QCOMPARE(rawRequest(m_port, post(t, "{\"why\": \"" + QByteArray(20'000, 'x') + "\"}")).status,
             413);
    QCOMPARE(rawRequest(m_port, "GET /v1/lifecycle HTTP/1.1\r\nHost: x\r\nAuthorization: "
                                "Bearer " +
                                    t + "\r\n\r\n")
                 .status,
             405);
    QCOMPARE(rawRequest(m_port, "GET /v2/status HTTP/1.1\r\nHost: x\r\nAuthorization: "
                                "Bearer " +
                                    t + "\r\n\r\n")
                 .status,
             404);
    // Still Online, still answering.
    QCOMPARE(toString(await(client(t, nodeId())->status())->state), QStringLiteral("Online"));
}

void TestAdminApi::pinMismatchNamesBothIds()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("other")));
    QVERIFY(startWithAdmin() != 0);
    const NodeId other = NodeId::fromHex(m_cluster->node(1).idHex);
    const auto status = await(client(token(), other)->status());
    QVERIFY(!status);
    QVERIFY2(status.error().contains(other.shortText()) &&
                 status.error().contains(nodeId().shortText()) &&
                 status.error().contains(QLatin1String("not sent")),
             qPrintable(status.error()));
}

void TestAdminApi::onlyTls13IsSpoken()
{
    QVERIFY(startWithAdmin() != 0);
    const QByteArray request =
        "GET /v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token() + "\r\n\r\n";
    QCOMPARE(rawRequest(m_port, request, QSsl::TlsV1_2).status, 0); // no handshake
    QCOMPARE(rawRequest(m_port, request, QSsl::TlsV1_3).status, 200);
}

void TestAdminApi::nonLoopbackNeedsTheFlag()
{
    QCOMPARE(
        runNode({QStringLiteral("admin-token"), QStringLiteral("--data"), m_cluster->node(0).dir})
            .exitCode,
        0);
    QVERIFY(!m_cluster->start(0, {}, {QStringLiteral("--admin"), QStringLiteral("0.0.0.0:0")}));
    QCOMPARE(m_cluster->node(0).process->exitCode(), 1);
    QVERIFY2(m_cluster->stderrText(0).contains(QLatin1String("--admin-allow-remote")),
             qPrintable(m_cluster->stderrText(0)));
    QVERIFY(m_cluster->start(0, {},
                             {QStringLiteral("--admin"), QStringLiteral("0.0.0.0:0"),
                              QStringLiteral("--admin-allow-remote")}));
    QVERIFY(m_cluster->node(0).out.contains(QLatin1String("admin on 0.0.0.0:")));
}

QTEST_GUILESS_MAIN(TestAdminApi)
#include "test_admin_api.moc"
