#include "LocalCluster.h"
#include "TestBytes.h"

#include "crypto/Sha256.h"
#include "storage/StoreLayout.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;
using test::randomBytes;
using test::readFile;

namespace {

constexpr qint64 kChunk = 1 << 20;
constexpr int kCommandTimeoutMs = 120'000;
const QString kPassphrase = QStringLiteral("drain handoff passphrase");

} // namespace

// A draining node hands its data off before it leaves (DESIGN §5), between real
// `streamsync-node run` processes: node 0 holds object A alone and object B with node 1. While
// both peers are paused nobody takes the data: node 0 keeps it, still serves it, and says why
// it waits. Once they are back, both objects are held elsewhere, node 0's store is empty, its
// progress row says 2 of 2, and the objects fetch whole from the other nodes alone.
class TestDrainHandoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void drainWaitsWhileNoPeerTakesTheData();
    void drainHandsEverythingOffOnceAPeerTakesIt();
    void statusAndExitFollowTheHandoff();

private:
    LocalCluster::CommandRun customer(const QStringList &command, const QList<int> &nodes) const;
    QByteArray store(const QString &name, const QByteArray &data, const QList<int> &nodes);
    int lifecycle(int node, const QString &state) const;
    QString handoff(const QString &column) const;
    bool holds(int node, const QByteArray &objectId) const;
    bool fetchesWhole(const QByteArray &objectId, const QByteArray &data, const QList<int> &nodes);
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    QString m_customer;
    QByteArray m_dataA;
    QByteArray m_dataB;
    QByteArray m_idA;
    QByteArray m_idB;
};

void TestDrainHandoff::initTestCase()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    keepTestDirIfAsked(*m_dir);
    m_cluster.emplace(m_dir->path(), kPassphrase);
    for (int i = 0; i < 3; ++i) {
        const auto added = m_cluster->addNode(QStringLiteral("node%1").arg(i));
        QVERIFY2(added.ok(), qPrintable(added.error()));
    }
    // Node 0 dials the two others: they are the peers its data goes to.
    for (int i : {1, 2, 0}) {
        const auto started =
            m_cluster->start(i, i == 0 ? QList<int>{1, 2} : QList<int>{},
                             {QStringLiteral("--handoff-retry-ms"), QStringLiteral("500")});
        QVERIFY2(started.ok(), qPrintable(started.error() + m_cluster->stderrText(i)));
    }
    const auto customer = m_cluster->addCustomer(QStringLiteral("customer"));
    QVERIFY2(customer.ok(), qPrintable(customer.error()));
    m_customer = customer.value();
    m_dataA = randomBytes(2 * kChunk + 4096, 61);
    m_dataB = randomBytes(kChunk / 2, 62);
    m_idA = store(QStringLiteral("a.bin"), m_dataA, {0});
    m_idB = store(QStringLiteral("b.bin"), m_dataB, {0, 1});
    QVERIFY(!m_idA.isEmpty() && !m_idB.isEmpty());
    QVERIFY(holds(0, m_idA) && !holds(1, m_idA) && !holds(2, m_idA));
    QVERIFY(holds(0, m_idB) && holds(1, m_idB));
}

LocalCluster::CommandRun TestDrainHandoff::customer(const QStringList &command,
                                                    const QList<int> &nodes) const
{
    QStringList arguments{QStringLiteral("customer")};
    arguments << command << QStringLiteral("--data") << m_customer;
    for (int i : nodes)
        arguments << QStringLiteral("--peer") << m_cluster->peerArgument(i);
    return m_cluster->runCommand(arguments, kCommandTimeoutMs);
}

QByteArray TestDrainHandoff::store(const QString &name, const QByteArray &data,
                                   const QList<int> &nodes)
{
    QFile file(path(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        return {};
    file.close();
    const auto run = customer({QStringLiteral("store"), path(name), QStringLiteral("--replication"),
                               QString::number(nodes.size())},
                              nodes);
    if (run.exitCode != 0)
        qWarning("store failed: %s", qPrintable(run.err));
    return QByteArray::fromHex(run.out.trimmed().toLatin1());
}

int TestDrainHandoff::lifecycle(int node, const QString &state) const
{
    return m_cluster
        ->runCommand({QStringLiteral("lifecycle"), QStringLiteral("--data"),
                      m_cluster->node(node).dir, state},
                     kCommandTimeoutMs)
        .exitCode;
}

// A column of node 0's handoff row, empty before it has one.
QString TestDrainHandoff::handoff(const QString &column) const
{
    const auto value = m_cluster->column(0, QStringLiteral("SELECT %1 FROM handoff").arg(column));
    return value && !value->isEmpty() ? QString::fromUtf8(value->first()) : QString();
}

bool TestDrainHandoff::holds(int node, const QByteArray &objectId) const
{
    return QFile::exists(
        StoreLayout(m_cluster->node(node).dir + QStringLiteral("/store")).manifestPath(objectId));
}

bool TestDrainHandoff::fetchesWhole(const QByteArray &objectId, const QByteArray &data,
                                    const QList<int> &nodes)
{
    const QString out =
        path(QStringLiteral("fetched-%1.bin").arg(QString::fromLatin1(objectId.toHex().left(8))));
    QFile::remove(out);
    const auto run = customer(
        {QStringLiteral("fetch"), QString::fromLatin1(objectId.toHex()), QStringLiteral("-o"), out},
        nodes);
    if (run.exitCode != 0)
        qWarning("fetch failed: %s", qPrintable(run.err));
    return run.exitCode == 0 && sha256(readFile(out)) == sha256(data);
}

void TestDrainHandoff::drainWaitsWhileNoPeerTakesTheData()
{
    QCOMPARE(lifecycle(1, QStringLiteral("Paused")), 0);
    QCOMPARE(lifecycle(2, QStringLiteral("Paused")), 0);
    QTest::qWait(2500); // the daemons re-read their state every 2 s
    QCOMPARE(lifecycle(0, QStringLiteral("Draining")), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        handoff(QStringLiteral("note")).contains(QLatin1String("no peer took")), 20'000);
    QVERIFY2(handoff(QStringLiteral("note")).contains(QLatin1String("the node is Paused")),
             qPrintable(handoff(QStringLiteral("note"))));
    QCOMPARE(handoff(QStringLiteral("complete")), QStringLiteral("0"));
    // Nothing was removed, and a draining node still serves what it holds.
    QVERIFY(holds(0, m_idA) && holds(0, m_idB));
    QVERIFY(fetchesWhole(m_idA, m_dataA, {0}));
}

void TestDrainHandoff::drainHandsEverythingOffOnceAPeerTakesIt()
{
    QCOMPARE(lifecycle(1, QStringLiteral("Online")), 0);
    QCOMPARE(lifecycle(2, QStringLiteral("Online")), 0);
    QTRY_COMPARE_WITH_TIMEOUT(handoff(QStringLiteral("complete")), QStringLiteral("1"), 60'000);
    QCOMPARE(handoff(QStringLiteral("objects_total")), QStringLiteral("2"));
    QCOMPARE(handoff(QStringLiteral("objects_done")), QStringLiteral("2"));
    QCOMPARE(handoff(QStringLiteral("bytes_done")),
             QString::number(m_dataA.size() + m_dataB.size()));
    QVERIFY(!holds(0, m_idA) && !holds(0, m_idB));
    QVERIFY(holds(1, m_idA) || holds(2, m_idA));
    // B had two copies; it still has two, node 0's went to node 2 (node 1 held it already).
    QVERIFY(holds(1, m_idB) && holds(2, m_idB));
    const auto used = [this] {
        const auto v = m_cluster->column(0, QStringLiteral("SELECT used_bytes FROM nodes"));
        return v && !v->isEmpty() ? v->first().toLongLong() : -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(used(), qint64(0), 10'000);
    QVERIFY(fetchesWhole(m_idA, m_dataA, {1, 2}));
    QVERIFY(fetchesWhole(m_idB, m_dataB, {1, 2}));
}

// The node leaves by itself once nothing of its data is left: Exited, signed by the node, then
// the operator can retire it.
void TestDrainHandoff::statusAndExitFollowTheHandoff()
{
    const auto state = [this] {
        const auto v = m_cluster->column(0, QStringLiteral("SELECT state FROM nodes"));
        return v && !v->isEmpty() ? QString::fromUtf8(v->first()) : QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("Exited"), 10'000);
    const auto why = m_cluster->column(
        0, QStringLiteral("SELECT why FROM transitions ORDER BY id DESC LIMIT 1"));
    QVERIFY(why && !why->isEmpty());
    QVERIFY2(why->first().contains("all 2 objects"), why->first().constData());
    QVERIFY(m_cluster->stop(0, 20'000).ok());
    const auto status = m_cluster->runCommand(
        {QStringLiteral("status"), QStringLiteral("--data"), m_cluster->node(0).dir},
        kCommandTimeoutMs);
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.contains(QLatin1String("handoff  2 of 2 objects")), qPrintable(status.out));
    QVERIFY2(status.out.contains(QLatin1String("complete")), qPrintable(status.out));
    QCOMPARE(lifecycle(0, QStringLiteral("Retired")), 0);
}

QTEST_GUILESS_MAIN(TestDrainHandoff)
#include "test_drain_handoff.moc"
