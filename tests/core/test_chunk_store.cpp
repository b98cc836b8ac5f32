#include "crypto/Sha256.h"
#include "storage/ChunkStore.h"
#include "storage/MerkleTree.h"
#include "storage/StoredObject.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

using namespace streamsync;

namespace {

constexpr qint64 kMiB = qint64(1) << 20;

QByteArray randomBytes(qint64 size, quint32 seed)
{
    if (size == 0)
        return {};
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    QList<quint32> words((size + 3) / 4);
    generator.fillRange(words.data(), words.size());
    memcpy(bytes.data(), words.constData(), size_t(size));
    return bytes;
}

// The id computed independently of the store: RFC 6962 root over 1 MiB slices.
QByteArray expectedId(const QByteArray &data)
{
    QList<QByteArray> leaves;
    for (qint64 at = 0; at < data.size(); at += kMiB)
        leaves.append(MerkleTree::leafHash(data.mid(at, kMiB)));
    return MerkleTree::root(leaves);
}

// A stream that does not know its size (a socket or pipe); optionally calls `hook` with the
// bytes delivered so far before each read, which may block or kill the process.
class StreamDevice : public QIODevice
{
public:
    explicit StreamDevice(QByteArray data, std::function<void(qint64)> hook = {})
        : m_data(std::move(data)), m_hook(std::move(hook))
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_hook)
            m_hook(m_at);
        const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_at);
        memcpy(data, m_data.constData() + m_at, size_t(n));
        m_at += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    std::function<void(qint64)> m_hook;
    qint64 m_at = 0;
};

std::unique_ptr<ChunkStore> openStore(const QString &dir, ChunkStoreOptions options = {})
{
    auto store = ChunkStore::open(dir, options);
    if (!store)
        qFatal("cannot open store: %s", qPrintable(store.error()));
    return std::move(store.value());
}

Result<ObjectManifest> storeBytes(ChunkStore &store, QByteArray data, StoreRequest request = {})
{
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    return store.storeObject(buffer, request);
}

Result<QByteArray> fetchBytes(const ChunkStore &store, const QByteArray &id)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (auto fetched = store.fetchObject(id, buffer); !fetched)
        return Error{fetched.error()};
    return bytes;
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

// No chunk file may hold anything but the bytes its name promises.
bool everyChunkMatchesItsName(const QString &storeDir)
{
    for (const QString &path : filesUnder(storeDir + QStringLiteral("/chunks"))) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) ||
            sha256(file.readAll()).toHex() != QFileInfo(path).fileName().toLatin1())
            return false;
    }
    return true;
}

void flipByte(const QString &path, qint64 offset)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    char byte = 0;
    QVERIFY(file.getChar(&byte));
    QVERIFY(file.seek(offset));
    QVERIFY(file.putChar(char(byte ^ 0x40)));
}

QString chunkPath(const QString &storeDir, const QByteArray &hash)
{
    return StoreLayout(storeDir).chunkPath(hash);
}

} // namespace

// The chunk store on real files: round trips, dedup, proofs, corruption and scrub, quota and
// disk-full refusals, crash leftovers and a process killed mid-store.
class TestChunkStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void reopenedStoreServesTheSameObjects();
    void identicalChunksAreStoredOnce();
    void removingAnObjectKeepsChunksOthersShare();
    void storedObjectReadsBackVerifiedChunks();
    void declaredIdOrSizeMismatchIsRefused();
    void corruptChunkIsCaughtOnReadAndByScrub();
    void scrubReportsProgressAndCanBeCancelled();
    void quotaRefusalLeavesPriorObjectsIntact();
    void leftoverTmpFilesAreRemovedAtOpen();
    void secondOpenOfTheSameFolderIsRefused();
    void storeInProgressIsIncomplete();
    void processKilledMidStoreLeavesNoTornChunk();
    void smallFilesystemRefusesDiskFull();
};

void TestChunkStore::roundTrip_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("empty") << qint64(0);
    QTest::newRow("1 byte") << qint64(1);
    QTest::newRow("1 MiB") << kMiB;
    QTest::newRow("1 MiB + 1") << kMiB + 1;
    QTest::newRow("5.5 MiB") << kMiB * 11 / 2;
}

void TestChunkStore::roundTrip()
{
    QFETCH(qint64, size);
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray data = randomBytes(size, 42);

    const auto manifest = storeBytes(*store, data);
    QVERIFY2(manifest, qPrintable(manifest.error()));
    QCOMPARE(manifest->size, size);
    QCOMPARE(manifest->chunkCount(), (size + kMiB - 1) / kMiB);
    QCOMPARE(manifest->objectId, expectedId(data));
    QCOMPARE(store->objectStatus(manifest->objectId), ObjectStatus::Complete);
    QCOMPARE(fetchBytes(*store, manifest->objectId).value(), data);
    QCOMPARE(store->manifest(manifest->objectId)->chunkHashes, manifest->chunkHashes);

    for (qint64 i = 0; i < manifest->chunkCount(); ++i) {
        const QByteArray slice = data.mid(i * kMiB, kMiB);
        QCOMPARE(manifest->chunkHashes[i], sha256(slice));
        QVERIFY(QFile::exists(chunkPath(dir.path(), manifest->chunkHashes[i])));
        QCOMPARE(store->readChunk(manifest->chunkHashes[i]).value(), slice);
        const auto proof = store->chunkWithProof(manifest->objectId, i);
        QVERIFY2(proof, qPrintable(proof.error()));
        QCOMPARE(proof->chunk, slice);
        QVERIFY(MerkleTree::verifyInclusion(manifest->objectId, i, proof->leafCount,
                                            MerkleTree::leafHash(proof->chunk), proof->proof));
    }
    QVERIFY(!store->chunkWithProof(manifest->objectId, manifest->chunkCount()));
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/tmp")).isEmpty());
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/partial")).isEmpty());
    QCOMPARE(store->objectStatus(sha256("not stored")), ObjectStatus::Unknown);
}

void TestChunkStore::reopenedStoreServesTheSameObjects()
{
    QTemporaryDir dir;
    const QByteArray data = randomBytes(3 * kMiB + 5, 7);
    QByteArray id;
    qint64 used = 0;
    {
        auto store = openStore(dir.path());
        id = storeBytes(*store, data)->objectId;
        used = store->usedBytes();
        QVERIFY(used > data.size());
    }
    auto store = openStore(dir.path());
    QCOMPARE(store->usedBytes(), used);
    QCOMPARE(store->objectStatus(id), ObjectStatus::Complete);
    QCOMPARE(fetchBytes(*store, id).value(), data);
}

void TestChunkStore::identicalChunksAreStoredOnce()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray a = randomBytes(kMiB, 1);
    const QByteArray b = randomBytes(kMiB, 2);
    const QByteArray repeated = a + b + a + a + b.left(10);

    const auto first = storeBytes(*store, repeated);
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(filesUnder(dir.path() + QStringLiteral("/chunks")).size(), 3);
    const qint64 usedAfterFirst = store->usedBytes();
    QCOMPARE(usedAfterFirst -
                 QFileInfo(StoreLayout(dir.path()).manifestPath(first->objectId)).size(),
             2 * kMiB + 10);

    // The same object again, and another that shares a chunk: no new chunk files.
    QCOMPARE(storeBytes(*store, repeated)->objectId, first->objectId);
    QCOMPARE(store->usedBytes(), usedAfterFirst);
    const auto second = storeBytes(*store, b + a);
    QVERIFY(second);
    QCOMPARE(filesUnder(dir.path() + QStringLiteral("/chunks")).size(), 3);
    QCOMPARE(fetchBytes(*store, first->objectId).value(), repeated);
    QCOMPARE(fetchBytes(*store, second->objectId).value(), b + a);
}

// A draining node removes what it handed off: the object's own chunks go, shared ones stay, and
// the other object is still whole. Removing what is not there is refused with the id.
void TestChunkStore::removingAnObjectKeepsChunksOthersShare()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray a = randomBytes(kMiB, 11);
    const QByteArray b = randomBytes(kMiB, 12);
    const QByteArray c = randomBytes(kMiB / 2, 13);
    const auto first = storeBytes(*store, a + b);
    const auto second = storeBytes(*store, b + c);
    QVERIFY(first && second);
    QCOMPARE(filesUnder(dir.path() + QStringLiteral("/chunks")).size(), 3);
    const qint64 before = store->usedBytes();
    const qint64 manifestBytes =
        QFileInfo(StoreLayout(dir.path()).manifestPath(first->objectId)).size();

    const auto freed = store->removeObject(first->objectId);
    QVERIFY2(freed, qPrintable(freed.error()));
    QCOMPARE(freed.value(), kMiB + manifestBytes); // chunk a and the manifest; b is shared
    QCOMPARE(store->usedBytes(), before - freed.value());
    QCOMPARE(store->objectStatus(first->objectId), ObjectStatus::Unknown);
    QCOMPARE(store->objectIds(), QList<QByteArray>{second->objectId});
    QCOMPARE(filesUnder(dir.path() + QStringLiteral("/chunks")).size(), 2);
    QCOMPARE(fetchBytes(*store, second->objectId).value(), b + c);

    const auto again = store->removeObject(first->objectId);
    QVERIFY(!again);
    QVERIFY2(again.error().contains(QString::fromLatin1(first->objectId.toHex())),
             qPrintable(again.error()));

    // The count survives a reopen: what is on disk is what was counted.
    QVERIFY(store->removeObject(second->objectId));
    QCOMPARE(store->usedBytes(), 0);
    store.reset();
    QCOMPARE(openStore(dir.path())->usedBytes(), 0);
}

void TestChunkStore::storedObjectReadsBackVerifiedChunks()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray data = randomBytes(2 * kMiB + 100, 14);
    const auto manifest = storeBytes(*store, data);
    QVERIFY(manifest);
    auto object = StoredObject::open(*store, manifest->objectId);
    QVERIFY2(object, qPrintable(object.error()));
    StoredObject &source = object.value();
    QCOMPARE(source.manifest().size, data.size());
    QCOMPARE(source.chunk(2).value(), data.mid(2 * kMiB));
    QVERIFY(!source.chunk(3));
    flipByte(chunkPath(dir.path(), manifest->chunkHashes[0]), 7);
    QVERIFY(!source.chunk(0)); // re-verified, never sent corrupted
    QVERIFY(!StoredObject::open(*store, QByteArray(32, 'x')));
}

void TestChunkStore::declaredIdOrSizeMismatchIsRefused()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray data = randomBytes(2 * kMiB + 3, 3);
    const QByteArray wrongId = sha256("another object");

    const auto wrong = storeBytes(*store, data, {wrongId, -1});
    QVERIFY(!wrong);
    QVERIFY2(wrong.error().contains(QStringLiteral("not the announced")),
             qPrintable(wrong.error()));
    QCOMPARE(store->usedBytes(), 0);
    QCOMPARE(store->objectStatus(wrongId), ObjectStatus::Unknown);
    QCOMPARE(store->objectStatus(expectedId(data)), ObjectStatus::Unknown);
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/chunks")).isEmpty());

    StreamDevice stream(data);
    QVERIFY(!store->storeObject(stream, {{}, data.size() + 1}));
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/chunks")).isEmpty());
    QVERIFY(storeBytes(*store, data, {expectedId(data), data.size()}));
}

void TestChunkStore::corruptChunkIsCaughtOnReadAndByScrub()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray dataA = randomBytes(kMiB * 11 / 2, 10);
    const QByteArray dataB = randomBytes(kMiB + 1, 11);
    const ObjectManifest a = storeBytes(*store, dataA).value();
    const ObjectManifest b = storeBytes(*store, dataB).value();
    const QByteArray damaged = a.chunkHashes[2];
    flipByte(chunkPath(dir.path(), damaged), 1234);

    const auto read = store->readChunk(damaged);
    QVERIFY(!read);
    QVERIFY2(read.error().contains(QStringLiteral("corrupt")), qPrintable(read.error()));
    QVERIFY(!fetchBytes(*store, a.objectId));
    QVERIFY(!store->chunkWithProof(a.objectId, 2));

    const ScrubReport report = store->scrub();
    QCOMPARE(report.checkedChunks, 8);
    QCOMPARE(report.corruptChunks, 1);
    QCOMPARE(report.corruptBytes, kMiB);
    QCOMPARE(report.corruptChunkHashes, QList<QByteArray>{damaged});
    QCOMPARE(report.affectedObjectIds, QList<QByteArray>{a.objectId});
    QVERIFY(!report.cancelled);
    QVERIFY(!QFile::exists(chunkPath(dir.path(), damaged)));
    QCOMPARE(filesUnder(dir.path() + QStringLiteral("/quarantine")).size(), 1);
    QCOMPARE(fetchBytes(*store, b.objectId).value(), dataB);
    QCOMPARE(store->chunkWithProof(a.objectId, 3)->chunk, dataA.mid(3 * kMiB, kMiB));

    // Quarantined chunks do not count; the object stays affected until repaired.
    const ScrubReport again = store->scrub();
    QCOMPARE(again.checkedChunks, 7);
    QCOMPARE(again.corruptChunks, 0);
    QCOMPARE(again.affectedObjectIds, QList<QByteArray>{a.objectId});
    // Storing the object again (a repair from another node) restores it.
    QVERIFY(storeBytes(*store, dataA));
    QCOMPARE(fetchBytes(*store, a.objectId).value(), dataA);
    QVERIFY(store->scrub().affectedObjectIds.isEmpty());
}

void TestChunkStore::scrubReportsProgressAndCanBeCancelled()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    QVERIFY(storeBytes(*store, randomBytes(4 * kMiB, 20)));
    QList<qint64> seen;
    const ScrubReport full = store->scrub([&](qint64 checked, qint64 total) {
        QCOMPARE(total, 4);
        seen.append(checked);
    });
    QCOMPARE(seen, (QList<qint64>{1, 2, 3, 4}));
    QCOMPARE(full.checkedChunks, 4);

    std::atomic<bool> cancel{false};
    const ScrubReport cut =
        store->scrub([&](qint64 checked, qint64) { cancel = checked >= 2; }, &cancel);
    QVERIFY(cut.cancelled);
    QCOMPARE(cut.checkedChunks, 2);
}

void TestChunkStore::quotaRefusalLeavesPriorObjectsIntact()
{
    QTemporaryDir dir;
    ChunkStoreOptions options;
    options.quotaBytes = 10 * kMiB;
    auto store = openStore(dir.path(), options);
    const QByteArray one = randomBytes(3 * kMiB, 30);
    const QByteArray two = randomBytes(3 * kMiB, 31);
    const QByteArray idOne = storeBytes(*store, one)->objectId;
    const QByteArray idTwo = storeBytes(*store, two)->objectId;
    const qint64 used = store->usedBytes();
    const int chunkFiles = filesUnder(dir.path() + QStringLiteral("/chunks")).size();

    // Known size: refused before anything is written.
    const auto known = storeBytes(*store, randomBytes(5 * kMiB, 32));
    QVERIFY(!known);
    QVERIFY2(known.error().startsWith(
                 QStringLiteral("quota exceeded: storing 5 MiB would use 11.0 MiB of the 10 MiB "
                                "quota")),
             qPrintable(known.error()));

    // Unknown size: refused at the chunk that would cross the quota, after three were written.
    StreamDevice stream(randomBytes(5 * kMiB, 33));
    const auto streamed = store->storeObject(stream);
    QVERIFY(!streamed);
    QVERIFY2(streamed.error().startsWith(QStringLiteral("quota exceeded: storing 4 MiB so far")),
             qPrintable(streamed.error()));
    QVERIFY(streamed.error().endsWith(QStringLiteral("the partial object was removed")));

    QCOMPARE(store->usedBytes(), used);
    QCOMPARE(filesUnder(dir.path() + QStringLiteral("/chunks")).size(), chunkFiles);
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/tmp")).isEmpty());
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/partial")).isEmpty());
    QCOMPARE(fetchBytes(*store, idOne).value(), one);
    QCOMPARE(fetchBytes(*store, idTwo).value(), two);
    QCOMPARE(openStore(dir.path() + QStringLiteral("-other"), options)->usedBytes(), 0);
    QDir(dir.path() + QStringLiteral("-other")).removeRecursively();
}

void TestChunkStore::leftoverTmpFilesAreRemovedAtOpen()
{
    QTemporaryDir dir;
    const QByteArray data = randomBytes(2 * kMiB, 40);
    QByteArray id;
    qint64 used = 0;
    {
        auto store = openStore(dir.path());
        id = storeBytes(*store, data)->objectId;
        used = store->usedBytes();
    }
    // What a killed writer leaves: a half-written chunk and a half-written manifest.
    for (const char *name : {"5f3a9c", "torn-manifest"}) {
        QFile leftover(dir.path() + QStringLiteral("/tmp/") + QLatin1String(name));
        QVERIFY(leftover.open(QIODevice::WriteOnly));
        leftover.write(randomBytes(1000, 41));
    }
    auto store = openStore(dir.path());
    QVERIFY(filesUnder(dir.path() + QStringLiteral("/tmp")).isEmpty());
    QCOMPARE(store->usedBytes(), used);
    QCOMPARE(fetchBytes(*store, id).value(), data);
}

void TestChunkStore::secondOpenOfTheSameFolderIsRefused()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const auto second = ChunkStore::open(dir.path());
    QVERIFY(!second);
    QVERIFY2(second.error().contains(QStringLiteral("in use")), qPrintable(second.error()));
}

void TestChunkStore::storeInProgressIsIncomplete()
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    const QByteArray data = randomBytes(4 * kMiB, 50);
    const QByteArray id = expectedId(data);
    QSemaphore reachedMiddle;
    QSemaphore resume;
    StreamDevice stream(data, [&](qint64 at) {
        if (at == 2 * kMiB) {
            reachedMiddle.release();
            resume.acquire();
        }
    });
    Result<ObjectManifest> result;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        result = store->storeObject(stream, {id, -1});
    }));
    worker->start();
    QVERIFY(reachedMiddle.tryAcquire(1, 10000));

    QCOMPARE(store->objectStatus(id), ObjectStatus::Incomplete);
    QCOMPARE(store->incompleteObjects().size(), 1);
    QCOMPARE(store->incompleteObjects().first().objectId, id);
    QVERIFY(!store->manifest(id));

    resume.release();
    QVERIFY(worker->wait(10000));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(store->objectStatus(id), ObjectStatus::Complete);
    QVERIFY(store->incompleteObjects().isEmpty());
}

void TestChunkStore::processKilledMidStoreLeavesNoTornChunk()
{
    // A child process stores 48 MiB and is SIGKILLed a varying time after its data starts to
    // flow; whatever the moment, the folder holds only whole chunks, the object is not
    // Complete unless the store finished, and a re-open clears tmp/.
    const QByteArray data = randomBytes(48 * kMiB, 60);
    const QByteArray id = expectedId(data);
    QStringList outcomes;
    for (int delayMs : {0, 1, 3, 10, 30, 100, 1000}) {
        QTemporaryDir dir;
        int started[2];
        QCOMPARE(::pipe(started), 0);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            auto store = ChunkStore::open(dir.path());
            StreamDevice stream(data, [&](qint64 at) {
                if (at == 0 && ::write(started[1], "s", 1) != 1)
                    _exit(2);
            });
            const bool stored = store && (*store)->storeObject(stream, {id, -1});
            _exit(stored ? 0 : 1);
        }
        ::close(started[1]);
        char signal = 0;
        QCOMPARE(::read(started[0], &signal, 1), 1);
        ::close(started[0]);
        QThread::msleep(ulong(delayMs));
        ::kill(child, SIGKILL);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);

        QVERIFY(everyChunkMatchesItsName(dir.path()));
        auto store = openStore(dir.path());
        QVERIFY(filesUnder(dir.path() + QStringLiteral("/tmp")).isEmpty());
        const ObjectStatus state = store->objectStatus(id);
        if (WIFEXITED(status)) {
            QCOMPARE(WEXITSTATUS(status), 0);
            QCOMPARE(state, ObjectStatus::Complete);
            QCOMPARE(fetchBytes(*store, id).value(), data);
            outcomes.append(QStringLiteral("%1 ms: finished").arg(delayMs));
            continue;
        }
        // The journal is written before the first chunk is read, so once data flows the
        // object is known to be incomplete.
        QCOMPARE(state, ObjectStatus::Incomplete);
        outcomes.append(QStringLiteral("%1 ms: %2 chunks")
                            .arg(delayMs)
                            .arg(filesUnder(dir.path() + QStringLiteral("/chunks")).size()));
        // Storing it again completes it and retires the interrupted journal.
        QVERIFY(storeBytes(*store, data, {id, -1}));
        QCOMPARE(store->objectStatus(id), ObjectStatus::Complete);
        QVERIFY(store->incompleteObjects().isEmpty());
    }
    qInfo("killed after: %s", qPrintable(outcomes.join(QStringLiteral(", "))));
}

void TestChunkStore::smallFilesystemRefusesDiskFull()
{
    if (::geteuid() != 0)
        QSKIP("mounting a 16 MiB tmpfs needs root");
    QTemporaryDir dir;
    const QString mountPoint = dir.path();
    if (QProcess::execute(QStringLiteral("mount"),
                          {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                           QStringLiteral("size=16m"), QStringLiteral("tmpfs"), mountPoint}) != 0)
        QSKIP("mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?)");
    const auto unmount = qScopeGuard([&] {
        QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), mountPoint});
    });
    ChunkStoreOptions options;
    options.quotaBytes = qint64(1) << 30;
    options.diskMarginBytes = kMiB;
    const QString storeDir = mountPoint + QStringLiteral("/store");
    auto store = openStore(storeDir, options);
    const QByteArray one = randomBytes(3 * kMiB, 70);
    const QByteArray two = randomBytes(3 * kMiB, 71);
    const QByteArray idOne = storeBytes(*store, one)->objectId;
    const QByteArray idTwo = storeBytes(*store, two)->objectId;
    const qint64 used = store->usedBytes();

    const auto known = storeBytes(*store, randomBytes(20 * kMiB, 72));
    QVERIFY(!known);
    QVERIFY2(known.error().startsWith(QStringLiteral("disk full: storing 20 MiB")),
             qPrintable(known.error()));
    StreamDevice stream(randomBytes(20 * kMiB, 73));
    const auto streamed = store->storeObject(stream);
    QVERIFY(!streamed);
    QVERIFY2(streamed.error().startsWith(QStringLiteral("disk full: storing")),
             qPrintable(streamed.error()));

    QCOMPARE(store->usedBytes(), used);
    QVERIFY(filesUnder(storeDir + QStringLiteral("/tmp")).isEmpty());
    QVERIFY(filesUnder(storeDir + QStringLiteral("/partial")).isEmpty());
    QCOMPARE(fetchBytes(*store, idOne).value(), one);
    QCOMPARE(fetchBytes(*store, idTwo).value(), two);
    store.reset();
}

QTEST_GUILESS_MAIN(TestChunkStore)
#include "test_chunk_store.moc"
