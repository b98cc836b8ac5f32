#include "LocalCluster.h"

#include "db/Database.h"
#include "localnet/LocalnetManifest.h"
#include "node/NodeHome.h"

#include <QDir>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

using namespace streamsync;

namespace {

constexpr int kCompetitors = 6;

// Pids of live processes whose command line mentions `text` (the test's folder).
QList<qint64> processesMentioning(const QString &text)
{
    QList<qint64> pids;
    const QByteArray needle = text.toUtf8();
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric || pid == QCoreApplication::applicationPid())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(needle))
            pids.append(pid);
    }
    return pids;
}

// The first column of `sql` on a node database, read-only while the node runs; -1 on error.
qint64 scalar(const QString &nodeDir, const QString &sql)
{
    static int connections = 0;
    const QString name = QStringLiteral("localnet-test-%1").arg(++connections);
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(NodeHome::databasePath(nodeDir));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace

// `streamsync-node localnet` as a real process (issue #6): within seconds it runs six
// competitors and a customer, describes them in localnet.json, and the nodes' ledgers show every
// competitor's offer and an epoch close that paid a subsidy; SIGTERM stops it all and exits 0,
// and SIGKILL of it still takes every child down (PR_SET_PDEATHSIG).
class TestLocalnet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsCompetitorsAndACustomer();
    void ledgerShowsOffersAndASubsidy();
    void sigtermStopsEverything();
    void sigkillTakesTheChildrenDown();
    void cleanupTestCase();

private:
    void startLocalnet();
    int countRole(const LocalnetManifest &manifest, const QString &role) const;

    std::optional<QTemporaryDir> m_dir;
    QString m_net;
    std::unique_ptr<QProcess> m_process;
};

void TestLocalnet::initTestCase()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    keepTestDirIfAsked(*m_dir);
    m_net = m_dir->filePath(QStringLiteral("net"));
    startLocalnet();
}

void TestLocalnet::startLocalnet()
{
    m_process = std::make_unique<QProcess>();
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(m_dir->filePath(QStringLiteral("localnet.out")),
                                     QIODevice::Append);
    m_process->setStandardErrorFile(m_dir->filePath(QStringLiteral("localnet.err")),
                                    QIODevice::Append);
    m_process->start(QStringLiteral(STREAMSYNC_NODE_BIN),
                     {QStringLiteral("localnet"), QStringLiteral("--dir"), m_net,
                      QStringLiteral("--competitors"), QString::number(kCompetitors),
                      QStringLiteral("--epoch-ms"), QStringLiteral("3000"),
                      QStringLiteral("--rate"), QStringLiteral("10")});
    QVERIFY(m_process->waitForStarted(10'000));
}

int TestLocalnet::countRole(const LocalnetManifest &manifest, const QString &role) const
{
    int count = 0;
    for (const LocalnetManifest::Process &p : manifest.processes)
        count += p.role == role && p.state == QLatin1String("running") && p.pid > 0;
    return count;
}

void TestLocalnet::startsCompetitorsAndACustomer()
{
    const auto running = [this](const QString &role) {
        const auto manifest = LocalnetManifest::load(m_net);
        return manifest ? countRole(manifest.value(), role) : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(running(QStringLiteral("node")) >= kCompetitors, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(running(QStringLiteral("customer")), 1, 30'000);
    const auto manifest = LocalnetManifest::load(m_net);
    QVERIFY(manifest.ok());
    QSet<QString> strategies;
    for (const LocalnetManifest::Process &p : manifest->processes) {
        if (p.role != QLatin1String("node"))
            continue;
        QVERIFY2(!p.listen.isEmpty() && p.nodeId.size() == 64, qPrintable(p.name));
        strategies.insert(p.strategy);
    }
    QCOMPARE(strategies.size(), 5);
    QVERIFY(QFile::exists(manifest->network));
}

void TestLocalnet::ledgerShowsOffersAndASubsidy()
{
    const QString node = m_net + QStringLiteral("/nodes/aurora");
    QTRY_VERIFY_WITH_TIMEOUT(
        scalar(node, QStringLiteral("SELECT count(DISTINCT node) FROM ledger_offers")) >=
            kCompetitors,
        30'000);
    QTRY_VERIFY_WITH_TIMEOUT(
        scalar(node, QStringLiteral("SELECT count(*) FROM ledger_epochs WHERE subsidy > 0")) >= 1,
        40'000);
}

void TestLocalnet::sigtermStopsEverything()
{
    m_process->terminate();
    QVERIFY(m_process->waitForFinished(30'000));
    QCOMPARE(m_process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_process->exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(m_net).isEmpty(), 5'000);
}

void TestLocalnet::sigkillTakesTheChildrenDown()
{
    // The same folder again: reused, not remade.
    startLocalnet();
    const auto nodesRunning = [this] {
        const auto manifest = LocalnetManifest::load(m_net);
        return manifest ? countRole(manifest.value(), QStringLiteral("node")) : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(nodesRunning() >= 2, 30'000);
    QVERIFY(processesMentioning(m_net).size() >= 2);
    m_process->kill();
    QVERIFY(m_process->waitForFinished(10'000));
    QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(m_net).isEmpty(), 15'000);
}

void TestLocalnet::cleanupTestCase()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    // Whatever a failed test left behind.
    for (qint64 pid : processesMentioning(m_net))
        ::kill(pid_t(pid), SIGKILL);
}

QTEST_GUILESS_MAIN(TestLocalnet)
#include "test_localnet.moc"
