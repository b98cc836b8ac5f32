#include "LocalCluster.h"

#include "crypto/Sha256.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <unistd.h>

using namespace streamsync;

namespace {

constexpr int kNodes = 3;
constexpr int kCommandTimeoutMs = 120'000;
const QString kPassphrase = QStringLiteral("netns passphrase");

struct Outcome
{
    bool ok = false;
    QString text;
};

Outcome ip(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("ip"), arguments);
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
        return {false, QStringLiteral("ip %1: timed out").arg(arguments.join(QLatin1Char(' ')))};
    }
    const bool ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return {ok, QStringLiteral("ip %1: %2")
                    .arg(arguments.join(QLatin1Char(' ')),
                         QString::fromUtf8(process.readAllStandardError()).trimmed())};
}

// Three network namespaces joined by veth pairs to a bridge that lives in a fourth (the "hub"),
// with addresses in 10.231.0.0/24 that exist only inside them: nothing is added to the host's
// own namespace, and deleting the namespaces removes every link. Names carry the test's pid, so
// two runs never collide; the destructor deletes whatever was created, whatever happened.
class NetnsLab
{
public:
    NetnsLab() : m_prefix(QStringLiteral("ss%1").arg(::getpid())) {}
    ~NetnsLab() { tearDown(); }

    QString hub() const { return m_prefix + QStringLiteral("-hub"); }
    QString node(int i) const { return m_prefix + QStringLiteral("-n%1").arg(i); }
    static QString address(int i) { return QStringLiteral("10.231.0.%1").arg(10 + i); }
    QStringList launcher(int i) const
    {
        return {QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), node(i)};
    }

    Outcome build(int nodes)
    {
        for (const QStringList &step : plan(nodes)) {
            if (step.at(0) == QLatin1String("netns") && step.at(1) == QLatin1String("add"))
                m_created.append(step.at(2));
            if (const Outcome done = ip(step); !done.ok)
                return done;
        }
        return {true, {}};
    }

    void tearDown()
    {
        for (const QString &name : std::exchange(m_created, {}))
            ip({QStringLiteral("netns"), QStringLiteral("del"), name});
    }

private:
    QList<QStringList> plan(int nodes) const
    {
        const QString h = hub();
        QList<QStringList> steps{
            {QStringLiteral("netns"), QStringLiteral("add"), h},
            {QStringLiteral("-n"), h, QStringLiteral("link"), QStringLiteral("add"),
             QStringLiteral("br0"), QStringLiteral("type"), QStringLiteral("bridge")},
            {QStringLiteral("-n"), h, QStringLiteral("link"), QStringLiteral("set"),
             QStringLiteral("br0"), QStringLiteral("up")}};
        for (int i = 0; i < nodes; ++i)
            steps << nodeSteps(i);
        return steps;
    }

    QList<QStringList> nodeSteps(int i) const
    {
        const QString n = node(i);
        const QString veth = QStringLiteral("v%1").arg(i);
        return {{QStringLiteral("netns"), QStringLiteral("add"), n},
                {QStringLiteral("-n"), hub(), QStringLiteral("link"), QStringLiteral("add"), veth,
                 QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
                 QStringLiteral("name"), QStringLiteral("eth0"), QStringLiteral("netns"), n},
                {QStringLiteral("-n"), hub(), QStringLiteral("link"), QStringLiteral("set"), veth,
                 QStringLiteral("master"), QStringLiteral("br0"), QStringLiteral("up")},
                {QStringLiteral("-n"), n, QStringLiteral("addr"), QStringLiteral("add"),
                 address(i) + QStringLiteral("/24"), QStringLiteral("dev"), QStringLiteral("eth0")},
                {QStringLiteral("-n"), n, QStringLiteral("link"), QStringLiteral("set"),
                 QStringLiteral("eth0"), QStringLiteral("up")},
                {QStringLiteral("-n"), n, QStringLiteral("link"), QStringLiteral("set"),
                 QStringLiteral("lo"), QStringLiteral("up")}};
    }

    QString m_prefix;
    QStringList m_created;
};

} // namespace

// Several hosts (DESIGN §8), emulated with network namespaces: one daemon in each of three
// namespaces on a private bridge, a customer storing from one namespace and fetching from
// another. Runs only as root with a working `ip netns`; otherwise it is skipped, saying why.
class TestNetns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storeInOneNamespaceFetchInAnother();
    void cleanupTestCase();

private:
    QStringList customerArguments(const QStringList &command) const;

    std::optional<NetnsLab> m_lab;
    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    QString m_customer;
};

void TestNetns::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("network namespaces need root; run the test as root to cover several hosts");
    if (QStandardPaths::findExecutable(QStringLiteral("ip")).isEmpty())
        QSKIP("`ip` (iproute2) is not installed; packaging/install-deps.sh installs it");
    m_lab.emplace();
    if (const Outcome built = m_lab->build(kNodes); !built.ok) {
        m_lab.reset();
        QSKIP(qPrintable(QStringLiteral("`ip netns` does not work here (%1)").arg(built.text)));
    }
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    m_cluster.emplace(m_dir->path(), kPassphrase);
    for (int i = 0; i < kNodes; ++i) {
        QVERIFY(m_cluster->addNode(QStringLiteral("node%1").arg(i)).ok());
        m_cluster->place(i, NetnsLab::address(i), m_lab->launcher(i));
        // Node i dials the ones before it across the bridge: gossip between namespaces too.
        QList<int> peers;
        for (int p = 0; p < i; ++p)
            peers.append(p);
        const auto started = m_cluster->start(i, peers, {});
        QVERIFY2(started.ok(), qPrintable(started.error() + m_cluster->stderrText(i)));
    }
    const auto customer = m_cluster->addCustomer(QStringLiteral("customer"));
    QVERIFY2(customer.ok(), qPrintable(customer.error()));
    m_customer = customer.value();
}

QStringList TestNetns::customerArguments(const QStringList &command) const
{
    QStringList arguments{QStringLiteral("customer")};
    arguments << command << QStringLiteral("--data") << m_customer;
    for (int i = 0; i < kNodes; ++i)
        arguments << QStringLiteral("--peer") << m_cluster->peerArgument(i);
    return arguments;
}

void TestNetns::storeInOneNamespaceFetchInAnother()
{
    QByteArray data(2 * (1 << 20) + 777, Qt::Uninitialized);
    QRandomGenerator(31).fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
    const QString file = m_dir->filePath(QStringLiteral("object.bin"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(data) == data.size());
    out.close();

    const auto stored = m_cluster->runCommand(customerArguments({QStringLiteral("store"), file}),
                                              kCommandTimeoutMs, m_lab->launcher(0));
    QVERIFY2(stored.exitCode == 0, qPrintable(stored.err));
    const QString id = stored.out.trimmed();
    QCOMPARE(id.size(), 64);

    const QString back = m_dir->filePath(QStringLiteral("fetched.bin"));
    const auto fetched = m_cluster->runCommand(
        customerArguments({QStringLiteral("fetch"), id, QStringLiteral("-o"), back}),
        kCommandTimeoutMs, m_lab->launcher(2));
    QVERIFY2(fetched.exitCode == 0, qPrintable(fetched.err));
    QFile in(back);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QCOMPARE(sha256(in.readAll()), sha256(data));
}

void TestNetns::cleanupTestCase()
{
    // The daemons first (they hold addresses in the namespaces), then the namespaces.
    m_cluster.reset();
    m_lab.reset();
}

QTEST_GUILESS_MAIN(TestNetns)
#include "test_netns.moc"
