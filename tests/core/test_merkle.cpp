#include "storage/MerkleTree.h"

#include <QTest>

using namespace streamsync;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

// The Certificate Transparency reference inputs (RFC 6962 test vectors, as in the CT and
// transparency-dev/merkle test suites), and the tree head after each of them.
QList<QByteArray> referenceLeafHashes()
{
    const QList<QByteArray> inputs{hex(""),
                                   hex("00"),
                                   hex("10"),
                                   hex("2021"),
                                   hex("3031"),
                                   hex("40414243"),
                                   hex("5051525354555657"),
                                   hex("606162636465666768696a6b6c6d6e6f")};
    QList<QByteArray> leaves;
    for (const QByteArray &input : inputs)
        leaves.append(MerkleTree::leafHash(input));
    return leaves;
}

const char *const kReferenceRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

QList<QByteArray> syntheticLeaves(int n)
{
    QList<QByteArray> leaves;
    for (int i = 0; i < n; ++i)
        leaves.append(MerkleTree::leafHash(QByteArray::number(i * 7919)));
    return leaves;
}

QList<QByteArray> withFlippedBit(QList<QByteArray> proof, qsizetype i)
{
    proof[i][0] = char(proof[i][0] ^ 0x08);
    return proof;
}

// Every way the reference verifier tests mangle a good proof (CT merkle_tree tests'
// corruptInclusionProof); none of them may verify.
void expectTamperedProofsFail(const QByteArray &root, qint64 index, qint64 size,
                              const QByteArray &leaf, const QList<QByteArray> &proof)
{
    const QByteArray other =
        hex("abacaba000000000000000000000000000000000000000000060061e00123456");
    const auto verifies = [&](qint64 i, qint64 n, const QByteArray &l, const QByteArray &r,
                              const QList<QByteArray> &p) {
        return MerkleTree::verifyInclusion(r, i, n, l, p);
    };
    QVERIFY(!verifies(index - 1, size, leaf, root, proof));
    QVERIFY(!verifies(index + 1, size, leaf, root, proof));
    QVERIFY(!verifies(index ^ 2, size, leaf, root, proof));
    QVERIFY(!verifies(index, size * 2, leaf, root, proof));
    QVERIFY(!verifies(index, size / 2, leaf, root, proof));
    QVERIFY(!verifies(index, size, MerkleTree::leafHash("WrongLeaf"), root, proof));
    QVERIFY(!verifies(index, size, leaf, MerkleTree::emptyRoot(), proof));
    QVERIFY(!verifies(index, size, leaf, other, proof));
    QVERIFY(!verifies(index, size, leaf, root, proof + QList<QByteArray>{QByteArray()}));
    QVERIFY(!verifies(index, size, leaf, root, proof + QList<QByteArray>{root}));
    QVERIFY(!verifies(index, size, leaf, root, QList<QByteArray>{QByteArray()} + proof));
    QVERIFY(!verifies(index, size, leaf, root, QList<QByteArray>{root} + proof));
    for (qsizetype i = 0; i < proof.size(); ++i)
        QVERIFY(!verifies(index, size, leaf, root, withFlippedBit(proof, i)));
    if (!proof.isEmpty())
        QVERIFY(!verifies(index, size, leaf, root, proof.first(proof.size() - 1)));
    if (proof.size() > 1) {
        QList<QByteArray> inserted = proof;
        inserted.insert(1, other);
        QVERIFY(!verifies(index, size, leaf, root, inserted));
    }
}

} // namespace

// RFC 6962 Merkle trees: reference tree heads, reference audit paths, and proofs of every
// leaf of every tree shape up to 40 leaves, against tampering.
class TestMerkle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyTreeHashIsSha256OfNothing();
    void rootsMatchReferenceVectors();
    void splitIsLargestPowerOfTwoBelowN();
    void auditPathsMatchReferenceVectors_data();
    void auditPathsMatchReferenceVectors();
    void everyProofVerifiesAndTamperedOnesFail();
    void proofOutOfRangeIsEmpty();
};

void TestMerkle::emptyTreeHashIsSha256OfNothing()
{
    QCOMPARE(MerkleTree::root({}).toHex(), QByteArray(kReferenceRoots[0]));
}

void TestMerkle::rootsMatchReferenceVectors()
{
    const QList<QByteArray> leaves = referenceLeafHashes();
    for (int n = 0; n <= leaves.size(); ++n)
        QCOMPARE(MerkleTree::root(leaves.first(n)).toHex(), QByteArray(kReferenceRoots[n]));
}

void TestMerkle::splitIsLargestPowerOfTwoBelowN()
{
    // A midpoint split would also give a tree, silently incompatible with everyone else's.
    QCOMPARE(MerkleTree::splitPoint(2), 1);
    QCOMPARE(MerkleTree::splitPoint(3), 2);
    QCOMPARE(MerkleTree::splitPoint(4), 2);
    QCOMPARE(MerkleTree::splitPoint(5), 4);
    QCOMPARE(MerkleTree::splitPoint(8), 4);
    QCOMPARE(MerkleTree::splitPoint(9), 8);
    QCOMPARE(MerkleTree::splitPoint(1000), 512);
    QCOMPARE(MerkleTree::splitPoint((qint64(1) << 40) + 1), qint64(1) << 40);
}

void TestMerkle::auditPathsMatchReferenceVectors_data()
{
    QTest::addColumn<qint64>("index");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<QList<QByteArray>>("path");
    QTest::newRow("leaf 0 of 1") << qint64(0) << qint64(1) << QList<QByteArray>{};
    QTest::newRow("leaf 0 of 8")
        << qint64(0) << qint64(8)
        << QList<QByteArray>{
               hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
               hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
               hex("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")};
    QTest::newRow("leaf 5 of 8")
        << qint64(5) << qint64(8)
        << QList<QByteArray>{
               hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
               hex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
               hex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
    QTest::newRow("leaf 2 of 3")
        << qint64(2) << qint64(3)
        << QList<QByteArray>{
               hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")};
    QTest::newRow("leaf 1 of 5")
        << qint64(1) << qint64(5)
        << QList<QByteArray>{
               hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
               hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
               hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")};
}

void TestMerkle::auditPathsMatchReferenceVectors()
{
    QFETCH(qint64, index);
    QFETCH(qint64, size);
    QFETCH(QList<QByteArray>, path);
    const QList<QByteArray> leaves = referenceLeafHashes().first(size);
    QCOMPARE(MerkleTree::inclusionProof(leaves, index), path);
    const QByteArray root = QByteArray::fromHex(kReferenceRoots[size]);
    QVERIFY(MerkleTree::verifyInclusion(root, index, size, leaves[index], path));
    expectTamperedProofsFail(root, index, size, leaves[index], path);
}

void TestMerkle::everyProofVerifiesAndTamperedOnesFail()
{
    const QList<QByteArray> all = syntheticLeaves(40);
    for (int n = 1; n <= all.size(); ++n) {
        const QList<QByteArray> leaves = all.first(n);
        const QByteArray root = MerkleTree::root(leaves);
        for (int i = 0; i < n; ++i) {
            const QList<QByteArray> proof = MerkleTree::inclusionProof(leaves, i);
            if (!MerkleTree::verifyInclusion(root, i, n, leaves[i], proof))
                QFAIL(qPrintable(QStringLiteral("leaf %1 of %2 does not verify").arg(i).arg(n)));
            expectTamperedProofsFail(root, i, n, leaves[i], proof);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("tampered proof of leaf %1 of %2").arg(i).arg(n)));
            // A leaf proven at another leaf's place does not verify either.
            if (n > 1)
                QVERIFY(!MerkleTree::verifyInclusion(root, i, n, leaves[(i + 1) % n], proof));
        }
    }
}

void TestMerkle::proofOutOfRangeIsEmpty()
{
    const QList<QByteArray> leaves = syntheticLeaves(5);
    QVERIFY(MerkleTree::inclusionProof(leaves, 5).isEmpty());
    QVERIFY(MerkleTree::inclusionProof(leaves, -1).isEmpty());
    QVERIFY(!MerkleTree::verifyInclusion(MerkleTree::root(leaves), 5, 5, leaves[0], {}));
    QVERIFY(!MerkleTree::verifyInclusion(MerkleTree::emptyRoot(), 0, 0, leaves[0], {}));
}

QTEST_GUILESS_MAIN(TestMerkle)
#include "test_merkle.moc"
