#include "LocalCluster.h"
#include "TestBytes.h"

#include "crypto/NodeId.h"
#include "crypto/Sha256.h"
#include "storage/MerkleTree.h"
#include "storage/StoreLayout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;
using test::randomBytes;
using test::readFile;

namespace {

constexpr int kNodes = 3;
constexpr qint64 kChunk = 1 << 20;
constexpr qint64 kFileBytes = 3 * kChunk + kChunk / 2; // 3.5 MiB: three full chunks and a half
constexpr int kCommandTimeoutMs = 120'000;
const QString kPassphrase = QStringLiteral("store fetch passphrase");

// The object id as the network computes it (DESIGN §6), independently of the customer code.
QByteArray objectIdOf(const QByteArray &bytes)
{
    QList<QByteArray> leaves;
    for (qint64 offset = 0; offset < bytes.size(); offset += kChunk)
        leaves.append(MerkleTree::leafHash(
            QByteArrayView(bytes).sliced(offset, qMin(kChunk, bytes.size() - offset))));
    return MerkleTree::root(leaves);
}

} // namespace

// Three real `streamsync-node run` processes and the real `customer` commands (issue #4): a
// 3.5 MiB object stored on all three, fetched back after one holder was killed, and fetched
// again while another holder serves a corrupted chunk. The stages run in order on one cluster.
class TestStoreFetch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storePrintsTheObjectIdAfterThreeAcks();
    void nodesRecordTheirUsedBytes();
    void fetchSurvivesAKilledHolder();
    void corruptAnswerLosesTheRaceToVerification();
    void failedFetchLeavesNoFile();
    void badArgumentsAreUsageErrors();
    void aPausedNodeServesNothing();

private:
    QStringList customerArguments(const QStringList &command, const QList<int> &nodes) const;
    LocalCluster::CommandRun customer(const QStringList &command, const QList<int> &nodes) const;
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QString chunkPath(int node, const QByteArray &chunk) const;

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    QString m_customer;
    QByteArray m_data;
    QByteArray m_objectId;
};

void TestStoreFetch::initTestCase()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    keepTestDirIfAsked(*m_dir);
    m_cluster.emplace(m_dir->path(), kPassphrase);
    for (int i = 0; i < kNodes; ++i) {
        const auto added = m_cluster->addNode(QStringLiteral("node%1").arg(i));
        QVERIFY2(added.ok(), qPrintable(added.error()));
        // Each dials the one before: gossip and storage share those connections.
        const auto started = m_cluster->start(i, i == 0 ? QList<int>{} : QList<int>{i - 1}, {});
        QVERIFY2(started.ok(), qPrintable(started.error() + m_cluster->stderrText(i)));
    }
    const auto customer = m_cluster->addCustomer(QStringLiteral("customer"));
    QVERIFY2(customer.ok(), qPrintable(customer.error()));
    m_customer = customer.value();
    m_data = randomBytes(kFileBytes, 20261123);
    m_objectId = objectIdOf(m_data);
    QFile file(path(QStringLiteral("object.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(m_data) == m_data.size());
}

QStringList TestStoreFetch::customerArguments(const QStringList &command,
                                              const QList<int> &nodes) const
{
    QStringList arguments{QStringLiteral("customer")};
    arguments << command << QStringLiteral("--data") << m_customer;
    for (int i : nodes)
        arguments << QStringLiteral("--peer") << m_cluster->peerArgument(i);
    return arguments;
}

LocalCluster::CommandRun TestStoreFetch::customer(const QStringList &command,
                                                  const QList<int> &nodes) const
{
    return m_cluster->runCommand(customerArguments(command, nodes), kCommandTimeoutMs);
}

QString TestStoreFetch::chunkPath(int node, const QByteArray &chunk) const
{
    return StoreLayout(m_cluster->node(node).dir + QStringLiteral("/store")).chunkPath(chunk);
}

void TestStoreFetch::storePrintsTheObjectIdAfterThreeAcks()
{
    const auto run = customer({QStringLiteral("store"), path(QStringLiteral("object.bin")),
                               QStringLiteral("--replication"), QStringLiteral("3")},
                              {0, 1, 2});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out.trimmed(), QString::fromLatin1(m_objectId.toHex()));
    QVERIFY2(run.err.contains(QLatin1String("in 4 chunks on")), qPrintable(run.err));
    // Every node holds the manifest, which is written only once every chunk is durable there.
    for (int i = 0; i < kNodes; ++i) {
        const StoreLayout layout(m_cluster->node(i).dir + QStringLiteral("/store"));
        QVERIFY2(QFile::exists(layout.manifestPath(m_objectId)), qPrintable(layout.root()));
    }
}

void TestStoreFetch::nodesRecordTheirUsedBytes()
{
    // The daemon writes its store's size into its record every refresh (2 s).
    const auto usedBytes = [this](int i) -> qint64 {
        const auto used = m_cluster->column(i, QStringLiteral("SELECT used_bytes FROM nodes"));
        return used ? used->value(0).toLongLong() : -1;
    };
    for (int i = 0; i < kNodes; ++i) {
        QTRY_VERIFY_WITH_TIMEOUT(usedBytes(i) >= kFileBytes, 15'000);
        QVERIFY2(usedBytes(i) < 2 * kFileBytes, qPrintable(QString::number(usedBytes(i))));
    }
}

void TestStoreFetch::fetchSurvivesAKilledHolder()
{
    m_cluster->kill(0);
    const QString out = path(QStringLiteral("fetched-after-kill.bin"));
    const auto run = customer({QStringLiteral("fetch"), QString::fromLatin1(m_objectId.toHex()),
                               QStringLiteral("-o"), out},
                              {0, 1, 2});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(sha256(readFile(out)), sha256(m_data));
}

void TestStoreFetch::corruptAnswerLosesTheRaceToVerification()
{
    // Node 1 serves chunk 0 corrupted on its disk and, as a lying node would, without checking
    // it; node 2 answers honestly but 800 ms late (within the 2 s SLA). So node 1's answer arrives
    // first and must be rejected by the customer's checks, not merely beaten.
    QVERIFY(m_cluster->stop(1, 20'000).ok());
    QVERIFY(m_cluster->stop(2, 20'000).ok());
    QFile chunk(chunkPath(1, sha256(QByteArrayView(m_data).first(kChunk))));
    QVERIFY2(chunk.open(QIODevice::ReadWrite), qPrintable(chunk.fileName()));
    chunk.seek(12345);
    QVERIFY(chunk.write("corrupted!") == 10);
    chunk.close();
    m_cluster->setEnvironment(1, {QStringLiteral("STREAMSYNC_TEST_SERVE_UNVERIFIED=1")});
    m_cluster->setEnvironment(2, {QStringLiteral("STREAMSYNC_TEST_SERVE_DELAY_MS=800")});
    QVERIFY(m_cluster->restart(1, {}, {}).ok());
    QVERIFY(m_cluster->restart(2, {1}, {}).ok());

    const QString out = path(QStringLiteral("fetched-past-corruption.bin"));
    const auto run = customer({QStringLiteral("fetch"), QString::fromLatin1(m_objectId.toHex()),
                               QStringLiteral("-o"), out},
                              {0, 1, 2});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(sha256(readFile(out)), sha256(m_data));
    const QString liar = NodeId::fromHex(m_cluster->node(1).idHex).shortText();
    QVERIFY2(run.err.contains(QStringLiteral("chunk 0: rejected the answer of %1").arg(liar)),
             qPrintable(run.err));
    QVERIFY2(!run.err.contains(QLatin1String("answers rejected: 0")), qPrintable(run.err));
}

void TestStoreFetch::failedFetchLeavesNoFile()
{
    // Only the lying node: chunk 0 never verifies, so nothing may be written.
    const QString out = path(QStringLiteral("never-written.bin"));
    auto run = customer({QStringLiteral("fetch"), QString::fromLatin1(m_objectId.toHex()),
                         QStringLiteral("-o"), out},
                        {1});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("chunk 0")), qPrintable(run.err));
    QVERIFY(!QFile::exists(out));
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("never-written*")}, QDir::Files).size(),
             0);
    // An object no node holds.
    run = customer(
        {QStringLiteral("fetch"), QString(64, QLatin1Char('a')), QStringLiteral("-o"), out}, {2});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("not stored here")), qPrintable(run.err));
    QVERIFY(!QFile::exists(out));
}

void TestStoreFetch::badArgumentsAreUsageErrors()
{
    QCOMPARE(customer({QStringLiteral("fetch"), QStringLiteral("nothex"), QStringLiteral("-o"),
                       path(QStringLiteral("x"))},
                      {2})
                 .exitCode,
             1);
    QCOMPARE(
        m_cluster
            ->runCommand({QStringLiteral("customer"), QStringLiteral("store"),
                          path(QStringLiteral("object.bin")), QStringLiteral("--data"), m_customer},
                         kCommandTimeoutMs)
            .exitCode,
        1);
    // More holders asked for than peers given.
    QCOMPARE(customer({QStringLiteral("store"), path(QStringLiteral("object.bin")),
                       QStringLiteral("--replication"), QStringLiteral("4")},
                      {1, 2})
                 .exitCode,
             2);
}

void TestStoreFetch::aPausedNodeServesNothing()
{
    // The operator pauses node 2 while it runs; the daemon re-reads its state within 2 s.
    const auto lifecycle = [this](const QString &state) {
        return m_cluster
            ->runCommand({QStringLiteral("lifecycle"), QStringLiteral("--data"),
                          m_cluster->node(2).dir, state},
                         kCommandTimeoutMs)
            .exitCode;
    };
    QCOMPARE(lifecycle(QStringLiteral("Paused")), 0);
    const QString out = path(QStringLiteral("from-paused.bin"));
    const QStringList fetch{QStringLiteral("fetch"), QString::fromLatin1(m_objectId.toHex()),
                            QStringLiteral("-o"), out};
    LocalCluster::CommandRun run;
    // Until the daemon has seen the change, a fetch may still succeed and write the file.
    const auto attempt = [&] {
        QFile::remove(out);
        run = customer(fetch, {2});
        return run.exitCode;
    };
    QTRY_COMPARE_WITH_TIMEOUT(attempt(), 2, 15'000);
    QVERIFY2(run.err.contains(QLatin1String("the node is Paused")), qPrintable(run.err));
    QVERIFY(!QFile::exists(out));
    QCOMPARE(lifecycle(QStringLiteral("Online")), 0);
    QTRY_COMPARE_WITH_TIMEOUT(attempt(), 0, 15'000);
    QCOMPARE(sha256(readFile(out)), sha256(m_data));
}

QTEST_GUILESS_MAIN(TestStoreFetch)
#include "test_store_fetch.moc"
