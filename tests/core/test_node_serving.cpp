#include "CustomerLink.h"
#include "LocalCluster.h"
#include "TestBytes.h"

#include "ledger/FraudCheck.h"
#include "ledger/SlashBody.h"
#include "net/MarketMessages.h"
#include "net/StorageMessages.h"
#include "storage/MerkleTree.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;
using test::randomBytes;

namespace {

const QString kPassphrase = QStringLiteral("node serving passphrase");
constexpr qint64 kChunk = 1 << 20;
constexpr int kStopTimeoutMs = 20'000;
constexpr int kLatencyMs = 400;

QList<QByteArray> leavesOf(const QByteArray &bytes)
{
    QList<QByteArray> leaves;
    for (qint64 offset = 0; offset < bytes.size(); offset += kChunk)
        leaves.append(MerkleTree::leafHash(
            QByteArrayView(bytes).sliced(offset, qMin(kChunk, bytes.size() - offset))));
    return leaves;
}

QString codeOf(const QCborMap &reply)
{
    return reply.value(QLatin1String("code")).toString();
}

} // namespace

// How a node serves under the run flags of issues #5 and #6, between real processes: the
// --test-corrupt-answers hook signs provably false answers (the fraud test's liar), and a
// hardware profile (--latency-ms, --fail-rate) slows answers down and fails a share of them;
// a cancelled query held back by the latency is never answered.
class TestNodeServing : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCluster> m_cluster;
    QByteArray m_file;
    QByteArray m_objectId;
    std::optional<Ed25519SigningKey> m_customer;

private Q_SLOTS:
    // Node 0 lies, node 1 is slow and unreliable; both hold the same object.
    void initTestCase()
    {
        keepTestDirIfAsked(m_dir);
        m_cluster = std::make_unique<LocalCluster>(m_dir.path(), kPassphrase);
        QVERIFY(m_cluster->addNode(QStringLiteral("liar")).ok());
        QVERIFY(m_cluster->addNode(QStringLiteral("slow")).ok());
        QVERIFY(m_cluster->start(0, {}, {QStringLiteral("--test-corrupt-answers")}).ok());
        QVERIFY(m_cluster
                    ->start(1, {},
                            {QStringLiteral("--latency-ms"), QString::number(kLatencyMs),
                             QStringLiteral("--fail-rate"), QStringLiteral("500"),
                             QStringLiteral("--capacity-bytes"), QString::number(64 * kChunk)})
                    .ok());
        const auto customerDir = m_cluster->addCustomer(QStringLiteral("customer"));
        QVERIFY2(customerDir.ok(), qPrintable(customerDir.error()));
        m_file = randomBytes(kChunk + kChunk / 2, 7);
        const QString path = QDir(m_dir.path()).filePath(QStringLiteral("object.bin"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(m_file) == m_file.size());
        out.close();
        const auto stored = m_cluster->runCommand(
            {QStringLiteral("customer"), QStringLiteral("store"), path, QStringLiteral("--data"),
             customerDir.value(), QStringLiteral("--replication"), QStringLiteral("2"),
             QStringLiteral("--peer"), m_cluster->peerArgument(0), QStringLiteral("--peer"),
             m_cluster->peerArgument(1)},
            120'000);
        QVERIFY2(stored.exitCode == 0, qPrintable(stored.err));
        m_objectId = MerkleTree::root(leavesOf(m_file));
        QCOMPARE(stored.out.trimmed(), QString::fromLatin1(m_objectId.toHex()));
        auto key = Ed25519SigningKey::generate();
        QVERIFY(key.ok());
        m_customer.emplace(std::move(key).value());
    }

    // The signed statement names the leaf of the corrupted bytes: with the true leaf and its
    // path as witness it is a valid fraud proof (docs/market.md "Slash").
    void corruptAnswersAreProvablyFalse()
    {
        CustomerLink link(*m_customer, Parameters::defaults());
        QVERIFY(link.connect(m_cluster->node(0)).ok());
        const QCborMap reply =
            link.request(wire::makeQuery("race-1", m_objectId, 1, link.nextId()));
        const auto answer = wire::parseChunkAnswer(reply);
        QVERIFY2(answer.ok(), qPrintable(codeOf(reply)));
        const QByteArray trueChunk = m_file.mid(kChunk);
        QCOMPARE(answer->data.size(), trueChunk.size());
        QVERIFY(answer->data != trueChunk);
        const QList<QByteArray> leaves = leavesOf(m_file);
        const QByteArray falseLeaf = MerkleTree::leafHash(answer->data);
        QVERIFY(!MerkleTree::verifyInclusion(m_objectId, 1, 2, falseLeaf, answer->proof));

        SlashBody slash;
        slash.node = answer->nodeKey;
        slash.statement = {m_objectId, 1,        answer->leafCount,
                           falseLeaf,  "race-1", answer->signature};
        slash.witness = {leaves.at(1), MerkleTree::inclusionProof(leaves, 1)};
        const auto proven = FraudCheck::verify(slash);
        QVERIFY2(proven.ok(), qPrintable(proven.error()));
        QCOMPARE(answer->nodeKey, m_cluster->node(0).publicKey);
        QVERIFY(m_cluster->stderrText(0).contains(QStringLiteral("corrupt answers 1")));
    }

    // Every answer waits the profile's latency; about half of the queries fail (seeded).
    void profileDelaysAndFails()
    {
        CustomerLink link(*m_customer, Parameters::defaults());
        QVERIFY(link.connect(m_cluster->node(1)).ok());
        int answered = 0;
        int failed = 0;
        for (int i = 0; i < 12; ++i) {
            QElapsedTimer timer;
            timer.start();
            const QCborMap reply = link.request(
                wire::makeQuery(QByteArray::number(i), m_objectId, i % 2, link.nextId()));
            if (wire::parseChunkAnswer(reply).ok()) {
                ++answered;
                QVERIFY2(timer.elapsed() >= kLatencyMs - 20,
                         qPrintable(QString::number(timer.elapsed())));
            } else {
                QCOMPARE(codeOf(reply), wire::kErrorStorage);
                ++failed;
            }
        }
        QVERIFY2(answered > 0 && failed > 0,
                 qPrintable(QStringLiteral("%1 answered, %2 failed").arg(answered).arg(failed)));
    }

    // A cancel reaching the node while the answer is held back drops the answer.
    void cancelledQueriesAreNotAnswered()
    {
        CustomerLink link(*m_customer, Parameters::defaults());
        QVERIFY(link.connect(m_cluster->node(1)).ok());
        const quint64 cancelled = link.nextId();
        QVERIFY(link.send(wire::makeQuery("lost-race", m_objectId, 0, cancelled)).ok());
        QVERIFY(link.send(wire::makeCancel("lost-race")).ok());
        // A later query is answered (or fails by the profile) while the cancelled one is not.
        const QCborMap later =
            link.request(wire::makeQuery("next-race", m_objectId, 0, link.nextId()));
        QVERIFY(!later.isEmpty());
        QVERIFY(link.awaitReply(cancelled, 2 * kLatencyMs).isEmpty());
    }

    void cleanupTestCase()
    {
        QVERIFY(m_cluster->stop(0, kStopTimeoutMs).ok());
        QVERIFY(m_cluster->stop(1, kStopTimeoutMs).ok());
    }
};

QTEST_GUILESS_MAIN(TestNodeServing)
#include "test_node_serving.moc"
