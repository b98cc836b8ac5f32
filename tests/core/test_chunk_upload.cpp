#include "crypto/Sha256.h"
#include "storage/ChunkStore.h"
#include "storage/MerkleTree.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;

namespace {

constexpr qint64 kChunk = 1000;

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator random(seed);
    for (char &c : bytes)
        c = char(random.bounded(256));
    return bytes;
}

// A customer's manifest of `data` cut into kChunk pieces, and the pieces.
struct Object
{
    ObjectManifest manifest;
    QList<QByteArray> chunks;
};

Object cut(const QByteArray &data)
{
    Object object;
    for (qint64 at = 0; at < data.size(); at += kChunk) {
        object.chunks.append(data.mid(at, kChunk));
        object.manifest.chunkHashes.append(sha256(object.chunks.last()));
        object.manifest.leafHashes.append(MerkleTree::leafHash(object.chunks.last()));
    }
    object.manifest.size = data.size();
    object.manifest.objectId = MerkleTree::root(object.manifest.leafHashes);
    return object;
}

} // namespace

// ChunkUpload: an object received chunk by chunk, as a node receives it from a customer.
class TestChunkUpload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void chunksInAnyOrderCompleteTheObject();
    void badChunksAreRefused();
    void aManifestMustHashToItsId();
    void theQuotaIsCheckedAtTheAnnouncement();
    void heldChunksCountAsReceived();
    void aWrongSizeNeverCompletes();

private:
    std::unique_ptr<ChunkStore> openStore(qint64 quota = qint64(1) << 30);

    std::optional<QTemporaryDir> m_dir;
    QByteArray m_data;
    Object m_object;
};

void TestChunkUpload::init()
{
    m_dir.emplace();
    m_data = randomBytes(4 * kChunk + 321, 11);
    m_object = cut(m_data);
}

std::unique_ptr<ChunkStore> TestChunkUpload::openStore(qint64 quota)
{
    ChunkStoreOptions options;
    options.quotaBytes = quota;
    options.diskMarginBytes = 0;
    auto store = ChunkStore::open(m_dir->filePath(QStringLiteral("store")), options);
    return store ? std::move(store).value() : nullptr;
}

void TestChunkUpload::chunksInAnyOrderCompleteTheObject()
{
    auto store = openStore();
    QVERIFY(store);
    auto upload = store->beginUpload(m_object.manifest);
    QVERIFY2(upload.ok(), qPrintable(upload.error()));
    QCOMPARE((*upload)->missing(), QList<qint64>({0, 1, 2, 3, 4}));
    for (qint64 index : {3, 0, 4, 1}) {
        const auto put = (*upload)->putChunk(index, m_object.chunks[index]);
        QVERIFY2(put.ok() && !put.value(), qPrintable(put.error()));
        QCOMPARE(int(store->objectStatus(m_object.manifest.objectId)),
                 int(ObjectStatus::Incomplete));
    }
    QVERIFY((*upload)->putChunk(0, m_object.chunks[0]).ok()); // a repeat is harmless
    QCOMPARE((*upload)->missing(), QList<qint64>({2}));
    const auto last = (*upload)->putChunk(2, m_object.chunks[2]);
    QVERIFY(last.ok() && last.value());
    QCOMPARE(int(store->objectStatus(m_object.manifest.objectId)), int(ObjectStatus::Complete));
    QVERIFY(store->incompleteObjects().isEmpty());
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    QVERIFY(store->fetchObject(m_object.manifest.objectId, out).ok());
    QCOMPARE(out.data(), m_data);
    QCOMPARE(store->usedBytes() >= m_data.size(), true);
}

void TestChunkUpload::badChunksAreRefused()
{
    auto store = openStore();
    auto upload = store->beginUpload(m_object.manifest);
    QVERIFY(upload.ok());
    QVERIFY(!(*upload)->putChunk(1, m_object.chunks[2]).ok());
    QByteArray flipped = m_object.chunks[1];
    flipped[5] = char(flipped[5] ^ 1);
    QVERIFY(!(*upload)->putChunk(1, flipped).ok());
    QVERIFY(!(*upload)->putChunk(5, m_object.chunks[1]).ok());
    QVERIFY(!(*upload)->putChunk(-1, m_object.chunks[1]).ok());
    QCOMPARE((*upload)->missing().size(), 5);
    QCOMPARE(store->usedBytes(), qint64(0));
}

void TestChunkUpload::aManifestMustHashToItsId()
{
    auto store = openStore();
    ObjectManifest forged = m_object.manifest;
    forged.leafHashes[2] = MerkleTree::leafHash("something else");
    QVERIFY(!store->beginUpload(forged).ok());
    ObjectManifest empty;
    empty.objectId = MerkleTree::emptyRoot();
    QVERIFY(!store->beginUpload(empty).ok());
}

void TestChunkUpload::theQuotaIsCheckedAtTheAnnouncement()
{
    auto store = openStore(2 * kChunk);
    const auto upload = store->beginUpload(m_object.manifest);
    QVERIFY(!upload.ok());
    QVERIFY2(upload.error().contains(QLatin1String("quota")), qPrintable(upload.error()));
    QCOMPARE(int(store->objectStatus(m_object.manifest.objectId)), int(ObjectStatus::Unknown));
}

void TestChunkUpload::heldChunksCountAsReceived()
{
    auto store = openStore();
    {
        auto first = store->beginUpload(m_object.manifest);
        QVERIFY(first.ok());
        QVERIFY((*first)->putChunk(0, m_object.chunks[0]).ok());
        QVERIFY((*first)->putChunk(4, m_object.chunks[4]).ok());
    } // the connection went away: the object stays Incomplete
    QCOMPARE(int(store->objectStatus(m_object.manifest.objectId)), int(ObjectStatus::Incomplete));
    auto second = store->beginUpload(m_object.manifest);
    QVERIFY(second.ok());
    QCOMPARE((*second)->missing(), QList<qint64>({1, 2, 3}));
    for (qint64 index : {1, 2, 3})
        QVERIFY((*second)->putChunk(index, m_object.chunks[index]).ok());
    QVERIFY((*second)->isComplete());
    // Both journals (the interrupted one too) went with the completion.
    QVERIFY(store->incompleteObjects().isEmpty());
    // Announcing a complete object again needs nothing.
    auto third = store->beginUpload(m_object.manifest);
    QVERIFY(third.ok() && (*third)->isComplete() && (*third)->missing().isEmpty());
}

void TestChunkUpload::aWrongSizeNeverCompletes()
{
    auto store = openStore();
    ObjectManifest lying = m_object.manifest;
    lying.size += 1;
    auto upload = store->beginUpload(lying);
    QVERIFY(upload.ok());
    for (qint64 index : {0, 1, 2, 3})
        QVERIFY((*upload)->putChunk(index, m_object.chunks[index]).ok());
    const auto last = (*upload)->putChunk(4, m_object.chunks[4]);
    QVERIFY(!last.ok());
    QVERIFY2(last.error().contains(QLatin1String("announced")), qPrintable(last.error()));
    QCOMPARE(int(store->objectStatus(lying.objectId)), int(ObjectStatus::Incomplete));
}

QTEST_GUILESS_MAIN(TestChunkUpload)
#include "test_chunk_upload.moc"
