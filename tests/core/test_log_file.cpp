#include "crypto/Ed25519.h"
#include "log/Feed.h"
#include "log/LogFile.h"
#include "log/LogReader.h"

#include <QBuffer>
#include <QCborMap>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>

using namespace streamsync;

namespace {

constexpr quint64 kTime = 1'700'000'000'000;

// `count` events of `authors` fresh keys, in the export order: by author key, then seq.
QList<QByteArray> exportOrder(int authors, int count)
{
    std::vector<Ed25519SigningKey> keys;
    QList<Feed> feeds;
    for (int i = 0; i < authors; ++i) {
        keys.push_back(Ed25519SigningKey::generate().value());
        feeds.append(Feed(keys.back().publicKey()));
    }
    for (int n = 0; n < count; ++n) {
        const int a = n % authors;
        const Feed &other = feeds[(a + 1) % authors];
        Event::Deps deps;
        if (other.head().seq > 0)
            deps.insert(other.author(), {other.head().seq, other.head().hash});
        const QCborMap body{{QStringLiteral("n"), n}};
        (void)feeds[a].append(keys[size_t(a)], EventKind::Transfer, body, deps, kTime + n).value();
    }
    std::sort(feeds.begin(), feeds.end(),
              [](const Feed &x, const Feed &y) { return x.author() < y.author(); });
    QList<QByteArray> encoded;
    for (const Feed &feed : feeds) {
        for (const Event &event : feed.events())
            encoded.append(event.encoded());
    }
    return encoded;
}

QByteArray sequence(const QList<QByteArray> &events)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!writeSequence(buffer, events))
        qFatal("cannot write to memory");
    return bytes;
}

LogVerifyReport verifyBytes(QByteArray bytes)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    return verifySequence(buffer).value();
}

} // namespace

// Log export files: RFC 8742 CBOR sequences written, read back item by item, and verified.
class TestLogFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAndReadsThousandEvents();
    void readsFileThroughASmallWindow();
    void readsFromMemory();
    void emptyLogIsValid();
    void truncatedFileNamesTheItem();
    void catOfFilesOutOfOrderIsRefused();
    void repeatedFileIsRefused();
    void brokenChainIsReported();
    void randomBytesGiveAClearError();
    void oversizeItemIsReported();
    void unreadableDeviceFails();
};

void TestLogFile::writesAndReadsThousandEvents()
{
    const QList<QByteArray> events = exportOrder(3, 1000);
    QTemporaryFile file;
    QVERIFY(file.open());
    QVERIFY(writeSequence(file, events).ok());
    QVERIFY(file.seek(0));
    LogReader reader(&file, Feed::kDefaultMaxEventBytes);
    QList<QByteArray> read;
    while (!reader.atEnd()) {
        const auto event = reader.nextEvent();
        QVERIFY2(event.ok(), qPrintable(event.error()));
        read.append(event->encoded());
    }
    QCOMPARE(read, events);
    QCOMPARE(reader.offset(), file.size());

    QVERIFY(file.seek(0));
    const auto report = verifySequence(file);
    QVERIFY(report.ok());
    QVERIFY2(report->valid(), qPrintable(report->firstError));
    QCOMPARE(report->events, quint64(1000));
    QCOMPARE(report->eventsPerAuthor.size(), 3);
    QList<quint64> counts = report->eventsPerAuthor.values();
    std::sort(counts.begin(), counts.end());
    QCOMPARE(counts, (QList<quint64>{333, 333, 334}));
}

// A limit just above the largest event makes the reader refill and compact at almost every item.
void TestLogFile::readsFileThroughASmallWindow()
{
    const QList<QByteArray> events = exportOrder(3, 200);
    qsizetype largest = 0;
    for (const QByteArray &event : events)
        largest = std::max(largest, event.size());
    QTemporaryFile file;
    QVERIFY(file.open());
    QVERIFY(writeSequence(file, events).ok());
    QVERIFY(file.seek(0));
    LogReader reader(&file, largest + 1);
    for (const QByteArray &expected : events) {
        const auto item = reader.next();
        QVERIFY2(item.ok(), qPrintable(item.error()));
        QCOMPARE(*item, expected);
    }
    QVERIFY(reader.atEnd());
}

void TestLogFile::readsFromMemory()
{
    const QList<QByteArray> events = exportOrder(2, 10);
    LogReader reader(sequence(events), 4096);
    for (const QByteArray &expected : events)
        QCOMPARE(reader.next().value(), expected);
    QVERIFY(reader.atEnd());
    QCOMPARE(reader.itemsRead(), 10);
    QVERIFY(reader.next().error().contains(QLatin1String("no item #11")));
}

void TestLogFile::emptyLogIsValid()
{
    const LogVerifyReport report = verifyBytes(QByteArray());
    QVERIFY(report.valid());
    QCOMPARE(report.events, quint64(0));
}

void TestLogFile::truncatedFileNamesTheItem()
{
    const QList<QByteArray> events = exportOrder(3, 30);
    const QByteArray whole = sequence(events);
    const qsizetype lastAt = whole.size() - events.last().size();
    const LogVerifyReport report = verifyBytes(whole.left(whole.size() - 7));
    QVERIFY(!report.valid());
    QCOMPARE(report.firstError, QStringLiteral("truncated item #30 at byte %1").arg(lastAt));
    QCOMPARE(report.events, quint64(29));
}

void TestLogFile::catOfFilesOutOfOrderIsRefused()
{
    const QList<QByteArray> first = exportOrder(1, 5);
    const QList<QByteArray> second = exportOrder(1, 5);
    const bool firstIsLower =
        first[0].mid(first[0].size() - 32) < second[0].mid(second[0].size() - 32);
    const QByteArray cat =
        firstIsLower ? sequence(second) + sequence(first) : sequence(first) + sequence(second);
    const LogVerifyReport report = verifyBytes(cat);
    QVERIFY(!report.valid());
    QVERIFY2(report.firstError.startsWith(QLatin1String("item #6 at byte ")),
             qPrintable(report.firstError));
    QVERIFY2(report.firstError.contains(QLatin1String("not in (author, seq) order: author ")),
             qPrintable(report.firstError));
    QCOMPARE(report.events, quint64(5));
}

void TestLogFile::repeatedFileIsRefused()
{
    const QByteArray once = sequence(exportOrder(1, 4));
    const LogVerifyReport report = verifyBytes(once + once);
    QVERIFY(!report.valid());
    QVERIFY2(
        report.firstError.contains(QLatin1String("not in (author, seq) order: seq 1 after seq 4")),
        qPrintable(report.firstError));
}

void TestLogFile::brokenChainIsReported()
{
    QList<QByteArray> events = exportOrder(1, 6);
    events.removeAt(2);
    const LogVerifyReport report = verifyBytes(sequence(events));
    QVERIFY(!report.valid());
    QVERIFY2(report.firstError.contains(QLatin1String("item #3 at byte")),
             qPrintable(report.firstError));
    QVERIFY2(report.firstError.contains(QLatin1String("gap in seq: expected 3, got 4")),
             qPrintable(report.firstError));
}

void TestLogFile::randomBytesGiveAClearError()
{
    QRandomGenerator random(8742);
    for (int round = 0; round < 20; ++round) {
        QByteArray noise(4096, Qt::Uninitialized);
        for (char &c : noise)
            c = char(random.bounded(256));
        const LogVerifyReport report = verifyBytes(noise);
        QVERIFY(!report.valid());
        QCOMPARE(report.events, quint64(0));
        QVERIFY2(report.firstError.contains(QLatin1String("item #1 at byte 0")),
                 qPrintable(report.firstError));
    }
    // "#" (0x23) is the CBOR integer -4: a well-formed item that is not an event.
    const LogVerifyReport text = verifyBytes(QByteArrayLiteral("# not a log\n"));
    QVERIFY2(
        text.firstError.startsWith(QLatin1String("item #1 at byte 0: event is not a CBOR map")),
        qPrintable(text.firstError));
}

void TestLogFile::oversizeItemIsReported()
{
    const QList<QByteArray> events = exportOrder(1, 3);
    QByteArray bytes = sequence(events);
    LogReader reader(bytes, events[0].size() - 1);
    const auto item = reader.next();
    QVERIFY(!item.ok());
    QVERIFY2(item.error().contains(QLatin1String("item #1 at byte 0 is over the limit")),
             qPrintable(item.error()));
    QVERIFY(reader.atEnd());
}

void TestLogFile::unreadableDeviceFails()
{
    QBuffer closed;
    QVERIFY(!verifySequence(closed).ok());
}

QTEST_GUILESS_MAIN(TestLogFile)
#include "test_log_file.moc"
