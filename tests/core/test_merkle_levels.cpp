#include "daemon/ProofCache.h"
#include "storage/MerkleLevels.h"
#include "storage/MerkleTree.h"

#include <QTest>

using namespace streamsync;

namespace {

QList<QByteArray> leaves(int n)
{
    QList<QByteArray> hashes;
    for (int i = 0; i < n; ++i)
        hashes.append(MerkleTree::leafHash(QByteArray::number(i)));
    return hashes;
}

ObjectManifest manifestOf(int n, int salt)
{
    ObjectManifest manifest;
    for (int i = 0; i < n; ++i) {
        const QByteArray chunk = QByteArray::number(salt) + '/' + QByteArray::number(i);
        manifest.chunkHashes.append(chunk.leftJustified(32, '.'));
        manifest.leafHashes.append(MerkleTree::leafHash(chunk));
    }
    manifest.objectId = MerkleTree::root(manifest.leafHashes);
    return manifest;
}

} // namespace

// The cached tree that answers queries must give exactly RFC 6962's audit paths.
class TestMerkleLevels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathsEqualTheRecursiveDefinition();
    void pathsVerifyAgainstTheRoot();
    void outOfRangeGivesNoPath();
    void cacheEvictsTheLeastRecentlyUsed();
};

void TestMerkleLevels::pathsEqualTheRecursiveDefinition()
{
    // Every tree shape up to 130 leaves: powers of two, one more, one less, odd right edges.
    for (int n = 1; n <= 130; ++n) {
        const QList<QByteArray> hashes = leaves(n);
        const MerkleLevels tree(hashes);
        QCOMPARE(tree.leafCount(), qint64(n));
        QCOMPARE(tree.root(), MerkleTree::root(hashes));
        for (int i = 0; i < n; ++i)
            QCOMPARE(tree.inclusionProof(i), MerkleTree::inclusionProof(hashes, i));
    }
}

void TestMerkleLevels::pathsVerifyAgainstTheRoot()
{
    const QList<QByteArray> hashes = leaves(1000);
    const MerkleLevels tree(hashes);
    for (int i : {0, 1, 511, 512, 998, 999})
        QVERIFY(
            MerkleTree::verifyInclusion(tree.root(), i, 1000, hashes[i], tree.inclusionProof(i)));
}

void TestMerkleLevels::outOfRangeGivesNoPath()
{
    const MerkleLevels tree(leaves(5));
    QVERIFY(tree.inclusionProof(-1).isEmpty());
    QVERIFY(tree.inclusionProof(5).isEmpty());
    QCOMPARE(MerkleLevels({}).root(), MerkleTree::emptyRoot());
}

void TestMerkleLevels::cacheEvictsTheLeastRecentlyUsed()
{
    // Each 64-leaf object costs ~8 KiB (tree and manifest hashes); room for about three.
    ProofCache cache(25 * 1024);
    const ObjectManifest a = manifestOf(64, 1);
    const ObjectManifest b = manifestOf(64, 2);
    const ObjectManifest c = manifestOf(64, 3);
    const ObjectManifest d = manifestOf(64, 4);
    QVERIFY(cache.insert(a) && cache.insert(b) && cache.insert(c));
    QVERIFY(cache.find(a.objectId)); // a is now the most recent; b the least
    const auto entry = cache.insert(d);
    QCOMPARE(entry->manifest.objectId, d.objectId);
    QCOMPARE(entry->tree.root(), d.objectId);
    QVERIFY(cache.find(a.objectId));
    QVERIFY(!cache.find(b.objectId));
    QVERIFY(cache.find(c.objectId));
    QVERIFY(cache.find(d.objectId));
}

QTEST_GUILESS_MAIN(TestMerkleLevels)
#include "test_merkle_levels.moc"
