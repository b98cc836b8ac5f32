#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "customer/AnswerCheck.h"
#include "customer/LatencyStats.h"
#include "net/FrameCodec.h"
#include "net/StorageMessages.h"
#include "storage/MerkleTree.h"

#include <QTest>

using namespace streamsync;

namespace {

Ed25519SigningKey newKey()
{
    auto key = Ed25519SigningKey::generate();
    if (!key)
        qFatal("%s", qPrintable(key.error()));
    return std::move(key).value();
}

// Goes through a real frame, as it would between two processes.
QCborMap overTheWire(const QCborMap &message)
{
    FrameCodec codec;
    codec.feed(codec.encode(message).value());
    return codec.next().message;
}

} // namespace

// What a customer accepts from a race, and the storage messages' shapes.
class TestAnswerCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void anHonestAnswerVerifies();
    void everyTamperingIsRejected_data();
    void everyTamperingIsRejected();
    void storeMessagesRoundTrip();
    void percentilesAreNearestRank();

private:
    wire::ChunkAnswer honestAnswer(qint64 index) const;

    std::optional<Ed25519SigningKey> m_node;
    QList<QByteArray> m_chunks;
    ObjectManifest m_manifest;
    const QByteArray m_queryId = QByteArray(16, 'q');
};

void TestAnswerCheck::initTestCase()
{
    m_node.emplace(newKey());
    for (int i = 0; i < 5; ++i) {
        m_chunks.append(QByteArray(100 + i, char('a' + i)));
        m_manifest.chunkHashes.append(sha256(m_chunks.last()));
        m_manifest.leafHashes.append(MerkleTree::leafHash(m_chunks.last()));
        m_manifest.size += m_chunks.last().size();
    }
    m_manifest.objectId = MerkleTree::root(m_manifest.leafHashes);
}

wire::ChunkAnswer TestAnswerCheck::honestAnswer(qint64 index) const
{
    wire::ChunkAnswer answer{m_queryId,
                             m_manifest.objectId,
                             index,
                             5,
                             m_chunks[index],
                             MerkleTree::inclusionProof(m_manifest.leafHashes, index),
                             m_node->publicKey(),
                             {}};
    answer.signature = m_node->sign(wire::statement(answer, m_manifest.leafHashes[index]));
    return answer;
}

void TestAnswerCheck::anHonestAnswerVerifies()
{
    const wire::ChunkRequest request{MessageType::Query, m_queryId, {}, m_manifest.objectId, 2};
    const QCborMap message = overTheWire(wire::makeChunkAnswer(request, honestAnswer(2), 7));
    QCOMPARE(wire::requestIdOf(message), quint64(7));
    const auto parsed = wire::parseChunkAnswer(message);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    const AnswerCheck check{m_manifest.objectId, 2, 0, m_queryId,
                            NodeId::fromPublicKey(m_node->publicKey())};
    QVERIFY(check.verify(parsed.value()).ok());
    AnswerCheck knowing = check;
    knowing.expectedLeafCount = 5;
    QVERIFY(knowing.verify(parsed.value()).ok());
}

void TestAnswerCheck::everyTamperingIsRejected_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("changed byte") << 0 << QStringLiteral("do not lead");
    QTest::newRow("changed proof") << 1 << QStringLiteral("do not lead");
    QTest::newRow("another chunk") << 2 << QStringLiteral("do not lead");
    QTest::newRow("other leaf count") << 3 << QStringLiteral("claims 6 chunks");
    QTest::newRow("other query") << 4 << QStringLiteral("another query");
    QTest::newRow("bad signature") << 5 << QStringLiteral("signature");
    QTest::newRow("another node's key") << 6 << QStringLiteral("not the node's");
    QTest::newRow("leaf count too small") << 7 << QStringLiteral("too few");
}

void TestAnswerCheck::everyTamperingIsRejected()
{
    QFETCH(int, kind);
    QFETCH(QString, reason);
    wire::ChunkAnswer answer = honestAnswer(2);
    const Ed25519SigningKey stranger = newKey();
    switch (kind) {
    case 0:
        answer.data[10] = char(answer.data[10] ^ 1);
        break;
    case 1:
        answer.proof[0][0] = char(answer.proof[0][0] ^ 1);
        break;
    case 2:
        answer.data = m_chunks[3];
        break;
    case 3:
        answer.leafCount = 6;
        break;
    case 4:
        answer.queryId = QByteArray(16, 'x');
        break;
    case 5:
        answer.signature[0] = char(answer.signature[0] ^ 1);
        break;
    case 6:
        answer.nodeKey = stranger.publicKey();
        answer.signature = stranger.sign(wire::statement(answer, m_manifest.leafHashes[2]));
        break;
    default:
        answer.leafCount = 2;
        break;
    }
    const AnswerCheck check{m_manifest.objectId, 2, 5, m_queryId,
                            NodeId::fromPublicKey(m_node->publicKey())};
    const auto verified = check.verify(answer);
    QVERIFY(!verified.ok());
    QVERIFY2(verified.error().contains(reason), qPrintable(verified.error()));
}

void TestAnswerCheck::storeMessagesRoundTrip()
{
    const auto manifest =
        wire::parseStoreManifest(overTheWire(wire::makeStoreManifest(m_manifest, 1)));
    QVERIFY(manifest.ok());
    QCOMPARE(manifest->objectId, m_manifest.objectId);
    QCOMPARE(manifest->size, m_manifest.size);
    QCOMPARE(manifest->chunkHashes, m_manifest.chunkHashes);
    QCOMPARE(manifest->leafHashes, m_manifest.leafHashes);

    const auto ack = wire::parseManifestAck(
        overTheWire(wire::makeManifestAck({m_manifest.objectId, {1, 4}}, 2)));
    QVERIFY(ack.ok());
    QCOMPARE(ack->missing, QList<qint64>({1, 4}));

    const auto chunk = wire::parseStoreChunk(overTheWire(
        wire::makeStoreChunk({m_manifest.objectId, 3, m_manifest.chunkHashes[3], m_chunks[3]}, 3)));
    QVERIFY(chunk.ok());
    QCOMPARE(chunk->index, qint64(3));
    QCOMPARE(chunk->data, m_chunks[3]);

    const QCborMap stored = overTheWire(
        wire::makeStoreAck({m_manifest.objectId, 3, m_manifest.chunkHashes[3], true}, 4));
    QCOMPARE(wire::requestIdOf(stored), quint64(4));
    QVERIFY(wire::parseStoreAck(stored)->complete);

    const QCborMap refusal =
        overTheWire(wire::makeRefusal(wire::kErrorRefused, QStringLiteral("quota"), 5));
    QCOMPARE(wire::requestIdOf(refusal), quint64(5));
    QVERIFY(message::parseError(refusal).ok());

    // A manifest whose hash lists differ in length is malformed.
    QCborMap uneven = wire::makeStoreManifest(m_manifest, 6);
    uneven.insert(QStringLiteral("leaves"), QCborArray{m_manifest.leafHashes[0]});
    QVERIFY(!wire::parseStoreManifest(uneven).ok());
}

void TestAnswerCheck::percentilesAreNearestRank()
{
    LatencyStats stats;
    QCOMPARE(stats.percentileMs(50), 0.0);
    for (int ms = 100; ms >= 1; --ms)
        stats.add(qint64(ms) * 1000);
    QCOMPARE(stats.percentileMs(50), 50.0);
    QCOMPARE(stats.percentileMs(90), 90.0);
    QCOMPARE(stats.percentileMs(99), 99.0);
    QCOMPARE(stats.percentileMs(100), 100.0);
}

QTEST_GUILESS_MAIN(TestAnswerCheck)
#include "test_answer_check.moc"
