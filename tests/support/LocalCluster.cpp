#include "LocalCluster.h"

#include "crypto/KeyFile.h"
#include "crypto/NodeId.h"
#include "crypto/ScryptCost.h"
#include "customer/CustomerKey.h"
#include "customer/CustomerSession.h"
#include "db/Database.h"
#include "ledger/LedgerBodies.h"
#include "ledger/NetworkConfig.h"
#include "log/EventStore.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QCborMap>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <atomic>

namespace streamsync {

namespace {

constexpr int kStartTimeoutMs = 60'000;

} // namespace

LocalCluster::LocalCluster(QString root, QString passphrase)
    : m_root(std::move(root)), m_passphrase(std::move(passphrase))
{}

LocalCluster::~LocalCluster()
{
    for (Node &node : m_nodes) {
        if (!node.process)
            continue;
        node.process->kill();
        node.process->waitForFinished(5000);
        delete node.process;
    }
}

Result<int> LocalCluster::addNode(const QString &name)
{
    SystemClock clock;
    Node node;
    node.dir = QDir(m_root).filePath(name);
    NodeHome::InitOptions options{name, 1LL << 30, ScryptCost::fastForTests()};
    auto home = NodeHome::init(node.dir, options, m_passphrase, clock);
    if (!home)
        return Error{home.error()};
    node.publicKey = home.value()->publicKey();
    node.idHex = home.value()->idHex();
    m_nodes.push_back(node);
    return int(m_nodes.size()) - 1;
}

Result<void> LocalCluster::withHome(int i, const std::function<Result<void>(NodeHome &)> &work)
{
    SystemClock clock;
    auto home = NodeHome::open(node(i).dir, clock);
    if (!home)
        return Error{home.error()};
    if (auto unlocked = home.value()->unlock(m_passphrase); !unlocked)
        return unlocked;
    NodeHome &opened = *home.value();
    return opened.database().transaction([&] { return work(opened); });
}

Result<void> LocalCluster::appendOffers(int i, int count)
{
    return withHome(i, [count](NodeHome &home) -> Result<void> {
        SystemClock clock;
        for (int k = 0; k < count; ++k) {
            const QCborMap body{{QStringLiteral("price_per_query"), 1000 + k},
                                {QStringLiteral("price_per_gb_month"), 50'000},
                                {QStringLiteral("free_bytes"), qint64(1) << 30}};
            auto appended = home.log().append(*home.signingKey(), EventKind::Offer, body,
                                              quint64(clock.nowMs()));
            if (!appended)
                return Error{appended.error()};
        }
        return {};
    });
}

QString LocalCluster::stderrPath(int i) const
{
    return node(i).dir + QStringLiteral(".stderr.txt");
}

QString LocalCluster::stderrText(int i) const
{
    QFile file(stderrPath(i));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

Result<void> LocalCluster::start(int i, const QList<int> &peers, const QStringList &extraArguments)
{
    return launch(i, node(i).host + QStringLiteral(":0"), peers, extraArguments);
}

Result<void> LocalCluster::restart(int i, const QList<int> &peers,
                                   const QStringList &extraArguments)
{
    if (isRunning(i))
        return fail(QStringLiteral("node %1 is still running").arg(i));
    return launch(i, QStringLiteral("%1:%2").arg(node(i).host).arg(node(i).port), peers,
                  extraArguments);
}

Result<void> LocalCluster::launch(int i, const QString &listen, const QList<int> &peers,
                                  const QStringList &extraArguments)
{
    Node &target = m_nodes.at(size_t(i));
    QStringList arguments{QStringLiteral("run"), QStringLiteral("--data"), target.dir,
                          QStringLiteral("--listen"), listen};
    for (int peer : peers)
        arguments << QStringLiteral("--peer") << peerArgument(peer);
    arguments << extraArguments;
    delete target.process;
    target.out.clear();
    auto *process = new QProcess;
    QProcessEnvironment env = commandEnvironment();
    for (const QString &entry : target.environment)
        env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
    process->setProcessEnvironment(env);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setStandardErrorFile(stderrPath(i), QIODevice::Append);
    target.process = process;
    if (target.launcher.isEmpty())
        process->start(QStringLiteral(STREAMSYNC_NODE_BIN), arguments);
    else
        process->start(target.launcher.first(),
                       target.launcher.mid(1) << QStringLiteral(STREAMSYNC_NODE_BIN) << arguments);
    return waitForListening(target);
}

Result<void> LocalCluster::waitForListening(Node &node)
{
    static const QRegularExpression line(QStringLiteral("listening on \\S+:(\\d+) as"));
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        node.process->waitForReadyRead(100);
        node.out += QString::fromUtf8(node.process->readAllStandardOutput());
        const auto match = line.match(node.out);
        if (match.hasMatch()) {
            node.port = quint16(match.captured(1).toUInt());
            return {};
        }
        if (node.process->state() == QProcess::NotRunning)
            return fail(QStringLiteral("%1 exited with %2 before listening")
                            .arg(node.dir)
                            .arg(node.process->exitCode()));
    }
    return fail(QStringLiteral("%1 did not print its listening line in time").arg(node.dir));
}

void LocalCluster::kill(int i)
{
    Node &target = m_nodes.at(size_t(i));
    if (!target.process)
        return;
    target.process->kill();
    target.process->waitForFinished(10'000);
}

void LocalCluster::place(int i, const QString &host, const QStringList &launcher)
{
    m_nodes.at(size_t(i)).host = host;
    m_nodes.at(size_t(i)).launcher = launcher;
}

QString LocalCluster::peerArgument(int i) const
{
    return QStringLiteral("%1:%2@%3").arg(node(i).host).arg(node(i).port).arg(node(i).idHex);
}

QProcessEnvironment LocalCluster::commandEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STREAMSYNC_PASSPHRASE"), m_passphrase);
    env.insert(QStringLiteral("STREAMSYNC_TEST_FAST_KDF"), QStringLiteral("1"));
    return env;
}

Result<QString> LocalCluster::addCustomer(const QString &name)
{
    const QString dir = QDir(m_root).filePath(name);
    const CommandRun init = runCommand(
        {QStringLiteral("customer"), QStringLiteral("init"), QStringLiteral("--data"), dir},
        60'000);
    if (init.exitCode != 0)
        return fail(QStringLiteral("customer init failed: ") + init.err);
    return dir;
}

QProcess *LocalCluster::startCommand(const QStringList &arguments, const QStringList &launcher,
                                     const QString &stderrPath) const
{
    auto *process = new QProcess;
    process->setProcessEnvironment(commandEnvironment());
    process->setStandardInputFile(QProcess::nullDevice());
    if (!stderrPath.isEmpty())
        process->setStandardErrorFile(stderrPath, QIODevice::Append);
    if (launcher.isEmpty())
        process->start(QStringLiteral(STREAMSYNC_NODE_BIN), arguments);
    else
        process->start(launcher.first(), launcher.mid(1)
                                             << QStringLiteral(STREAMSYNC_NODE_BIN) << arguments);
    return process;
}

LocalCluster::CommandRun LocalCluster::runCommand(const QStringList &arguments, int timeoutMs,
                                                  const QStringList &launcher) const
{
    std::unique_ptr<QProcess> process(startCommand(arguments, launcher));
    CommandRun run;
    if (!process->waitForFinished(timeoutMs)) {
        process->kill();
        process->waitForFinished(5000);
        run.err = QStringLiteral("(killed after %1 ms) ").arg(timeoutMs);
    }
    run.out = QString::fromUtf8(process->readAllStandardOutput());
    run.err += QString::fromUtf8(process->readAllStandardError());
    if (process->exitStatus() == QProcess::NormalExit)
        run.exitCode = process->exitCode();
    return run;
}

bool LocalCluster::isRunning(int i) const
{
    return node(i).process && node(i).process->state() != QProcess::NotRunning;
}

Result<void> LocalCluster::stop(int i, int timeoutMs)
{
    Node &target = m_nodes.at(size_t(i));
    if (!target.process)
        return fail(QStringLiteral("node %1 was not started").arg(i));
    target.process->terminate();
    if (!target.process->waitForFinished(timeoutMs))
        return fail(
            QStringLiteral("node %1 did not exit within %2 ms of SIGTERM").arg(i).arg(timeoutMs));
    target.out += QString::fromUtf8(target.process->readAllStandardOutput());
    if (target.process->exitStatus() != QProcess::NormalExit || target.process->exitCode() != 0)
        return fail(QStringLiteral("node %1 exited with status %2, code %3")
                        .arg(i)
                        .arg(int(target.process->exitStatus()))
                        .arg(target.process->exitCode()));
    return {};
}

Result<QList<QByteArray>> LocalCluster::column(int i, const QString &sql) const
{
    static std::atomic<int> connections{0};
    const QString name = QStringLiteral("cluster-reader-%1").arg(++connections);
    Result<QList<QByteArray>> result = fail(QStringLiteral("not read"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(NodeHome::databasePath(node(i).dir));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                QList<QByteArray> values;
                while (query.next())
                    values.append(query.value(0).toByteArray());
                result = values;
            } else {
                result = fail(query.lastError().text());
            }
        } else {
            result = fail(db.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

Result<qint64> LocalCluster::eventCount(int i) const
{
    const auto counted = column(i, QStringLiteral("SELECT count(*) FROM events"));
    if (!counted)
        return Error{counted.error()};
    return counted->value(0).toLongLong();
}

Result<QString> LocalCluster::createNetwork(const Parameters &params,
                                            const QMap<QByteArray, Money> &grants)
{
    auto key = Ed25519SigningKey::generate();
    if (!key)
        return Error{key.error()};
    const QString path = QDir(m_root).filePath(QStringLiteral("network.json"));
    if (auto saved = NetworkConfig{key->publicKey(), params}.save(path); !saved)
        return Error{saved.error()};
    GenesisBody body{QStringLiteral("test"), params.hash(), QDateTime::currentMSecsSinceEpoch(),
                     grants};
    const auto event = Event::sign(key.value(), 1, QByteArray(Event::kHashSize, '\0'), {},
                                   quint64(body.startMs), EventKind::Genesis, body.toCbor());
    if (!event)
        return Error{event.error()};
    m_genesis = event->encoded();
    m_params = params;
    for (int i = 0; i < size(); ++i) {
        const auto imported = withHome(i, [this](NodeHome &home) -> Result<void> {
            const auto accepted = home.log().accept(m_genesis);
            return accepted ? Result<void>() : Result<void>(Error{accepted.error()});
        });
        if (!imported)
            return Error{imported.error()};
    }
    return path;
}

Result<void> LocalCluster::importGenesisToCustomer(const QString &customerDir) const
{
    return CustomerSession::importEvent(customerDir, m_genesis, m_params);
}

Result<QByteArray> LocalCluster::customerKey(const QString &customerDir)
{
    return KeyFile::readPublicKey(CustomerKey::keyPath(customerDir));
}

void keepTestDirIfAsked(QTemporaryDir &dir)
{
    if (!qEnvironmentVariableIsSet("STREAMSYNC_KEEP_TEST_DIRS"))
        return;
    dir.setAutoRemove(false);
    qInfo("keeping %s", qPrintable(dir.path()));
}

} // namespace streamsync
