#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "db/Database.h"
#include "log/CanonicalCbor.h"
#include "log/EventStore.h"
#include "log/Feed.h"
#include "log/LogFile.h"
#include "node/OperatorProfile.h"
#include "util/Clock.h"

#include <QBuffer>
#include <QCborMap>
#include <QFile>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace streamsync;

namespace {

constexpr quint64 kTime = 1'700'000'000'000;
constexpr qsizetype kMaxEventBytes = Feed::kDefaultMaxEventBytes;

QCborMap body(int n)
{
    return QCborMap{{QStringLiteral("n"), n}};
}

// Re-encodes an event's map after `change`, keeping its signature: a canonical forgery.
template <typename Change> QByteArray reencoded(const QByteArray &encoded, Change change)
{
    QCborMap map = cbor::decode(encoded).value().toMap();
    change(map);
    return cbor::encode(map).value();
}

QByteArray flippedSignature(const QByteArray &encoded)
{
    return reencoded(encoded, [](QCborMap &map) {
        QByteArray sig = map.value(QStringLiteral("sig")).toByteArray();
        sig[10] = char(sig[10] ^ 0x01);
        map.insert(QStringLiteral("sig"), sig);
    });
}

// An author's events, signed in memory as a peer would have them.
QList<QByteArray> feedOf(const Ed25519SigningKey &key, int count, int firstBody = 1)
{
    Feed feed(key.publicKey());
    QList<QByteArray> encoded;
    for (int n = 0; n < count; ++n)
        encoded.append(
            feed.append(key, EventKind::Offer, body(firstBody + n), {}, kTime + n)->encoded());
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

QSet<QByteArray> storedHashes(Database &db)
{
    QSet<QByteArray> hashes;
    auto rows = db.query(QStringLiteral("SELECT hash FROM events"));
    while (rows && rows.value().next())
        hashes.insert(rows->value(0).toByteArray());
    return hashes;
}

quint64 count(EventStore &store)
{
    return store.eventCount().value();
}

} // namespace

// The persistent log: append, accept with every refusal, forks with stored proofs, export and
// import through real SQLite files.
class TestEventStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void appendBuildsAChainThatSurvivesReopening();
    void acceptsForeignFeedsAndIgnoresDuplicates();
    void refusesGapWithoutStoring();
    void refusesForgeriesWithoutStoring();
    void storesForkProofNotTheRival();
    void unsignedRivalIsNoFork();
    void exportThenImportGivesTheSameLog();
    void importTakesAuthorsInAnyInterleaving();
    void badEventMidImportKeepsValidChains();
    void truncatedImportKeepsWhatWasRead();
    void importFromUnreadableDeviceFails();
    void consoleSignsNodeChangesIntoOperatorFeed();

private:
    void openStore(const QString &name = QStringLiteral("a.sqlite"));
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::optional<QTemporaryDir> m_dir;
    std::optional<Ed25519SigningKey> m_key;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<Database> m_db;
};

void TestEventStore::init()
{
    m_store.reset();
    m_db.reset();
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    m_key = Ed25519SigningKey::generate().value();
    openStore();
}

void TestEventStore::openStore(const QString &name)
{
    m_store.reset();
    m_db.reset();
    auto db = Database::open(path(name), Database::OpenMode::CreateIfMissing);
    QVERIFY2(db.ok(), qPrintable(db.error()));
    m_db = std::move(db).value();
    m_store = std::make_unique<EventStore>(*m_db, kMaxEventBytes);
}

void TestEventStore::appendBuildsAChainThatSurvivesReopening()
{
    QCOMPARE(m_store->head(m_key->publicKey())->seq, quint64(0));
    QList<Event> appended;
    for (int n = 1; n <= 3; ++n) {
        auto event = m_store->append(*m_key, EventKind::Offer, body(n), kTime + n);
        QVERIFY2(event.ok(), qPrintable(event.error()));
        appended.append(event.value());
    }
    QCOMPARE(appended[0].prev(), QByteArray(Event::kHashSize, '\0'));
    QCOMPARE(appended[2].seq(), quint64(3));
    QCOMPARE(appended[2].prev(), appended[1].hash());
    QVERIFY(appended[2].deps().isEmpty());

    openStore(); // reopen the same file
    const auto head = m_store->head(m_key->publicKey());
    QCOMPARE(head->seq, quint64(3));
    QCOMPARE(head->hash, appended[2].hash());
    QCOMPARE(count(*m_store), quint64(3));
    const auto heads = m_store->heads().value();
    QCOMPARE(heads.size(), 1);
    QCOMPARE(heads.value(m_key->publicKey()), (Event::DepHead{3, appended[2].hash()}));
    const auto middle = m_store->range(m_key->publicKey(), 2, 3, 10).value();
    QCOMPARE(middle, (QList<QByteArray>{appended[1].encoded(), appended[2].encoded()}));
    QCOMPARE(m_store->range(m_key->publicKey(), 1, 3, 1)->size(), 1);
    // Appending goes on from the stored head.
    QCOMPARE(m_store->append(*m_key, EventKind::Offer, body(4), kTime)->seq(), quint64(4));
}

void TestEventStore::acceptsForeignFeedsAndIgnoresDuplicates()
{
    const auto peer = Ed25519SigningKey::generate().value();
    const QList<QByteArray> events = feedOf(peer, 3);
    for (const QByteArray &encoded : events) {
        Refusal why = Refusal::Fork;
        const auto outcome = m_store->accept(encoded, &why);
        QVERIFY2(outcome.ok(), qPrintable(outcome.error()));
        QCOMPARE(*outcome, EventStore::AcceptOutcome::Stored);
        QCOMPARE(why, Refusal::None);
    }
    QVERIFY(m_store->append(*m_key, EventKind::Offer, body(1), kTime).ok());
    QCOMPARE(m_store->accept(events[1]).value(), EventStore::AcceptOutcome::Duplicate);
    QCOMPARE(m_store->accept(events[2]).value(), EventStore::AcceptOutcome::Duplicate);
    QCOMPARE(count(*m_store), quint64(4));
    QVERIFY(m_store->forkProofs()->isEmpty());
    QCOMPARE(m_store->heads()->size(), 2);
}

void TestEventStore::refusesGapWithoutStoring()
{
    const QList<QByteArray> events = feedOf(*m_key, 3);
    QVERIFY(m_store->accept(events[0]).ok());
    Refusal why = Refusal::None;
    const auto gap = m_store->accept(events[2], &why);
    QVERIFY(!gap.ok());
    QCOMPARE(why, Refusal::GapInSeq);
    QVERIFY2(gap.error().contains(QLatin1String("gap in seq: expected 2, got 3")),
             qPrintable(gap.error()));
    QCOMPARE(count(*m_store), quint64(1));
    // Once the missing event arrives, the one refused before is welcome.
    QCOMPARE(m_store->accept(events[1]).value(), EventStore::AcceptOutcome::Stored);
    QCOMPARE(m_store->accept(events[2]).value(), EventStore::AcceptOutcome::Stored);
}

void TestEventStore::refusesForgeriesWithoutStoring()
{
    const QList<QByteArray> events = feedOf(*m_key, 2);
    QVERIFY(m_store->accept(events[0]).ok());
    const QByteArray firstHash = Event::decode(events[0], kMaxEventBytes)->hash();
    // Mallory signs the next event of the victim's chain and puts the victim's key in `author`.
    const auto mallory = Ed25519SigningKey::generate().value();
    const auto own = Event::sign(mallory, 2, firstHash, {}, kTime, EventKind::Mint, body(2));
    const QByteArray impersonation = reencoded(own->encoded(), [this](QCborMap &map) {
        map.insert(QStringLiteral("author"), m_key->publicKey());
    });
    QByteArray nonCanonical = events[1];
    nonCanonical.replace(5, 1, QByteArray::fromHex("1802")); // seq 2 as a two-byte integer
    const QByteArray wrongPrev = reencoded(events[1], [](QCborMap &map) {
        map.insert(QStringLiteral("prev"), QByteArray(Event::kHashSize, 'x'));
    });
    const QByteArray oversize =
        Event::sign(*m_key, 2, firstHash, {}, kTime, EventKind::Offer,
                    QCborMap{{QStringLiteral("blob"), QByteArray(70000, 'b')}})
            ->encoded();

    const QList<std::pair<QByteArray, Refusal>> cases{
        {flippedSignature(events[1]), Refusal::BadSignature},
        {impersonation, Refusal::BadSignature},
        {wrongPrev, Refusal::WrongPrev},
        {nonCanonical, Refusal::NonCanonical},
        {oversize, Refusal::Oversize},
        {QByteArrayLiteral("not cbor \xff"), Refusal::Malformed},
    };
    for (const auto &[bytes, expected] : cases) {
        Refusal why = Refusal::None;
        const auto refused = m_store->accept(bytes, &why);
        QVERIFY(!refused.ok());
        QCOMPARE(why, expected);
    }
    QCOMPARE(count(*m_store), quint64(1));
    QCOMPARE(m_store->head(m_key->publicKey())->hash, firstHash);
    QVERIFY(m_store->forkProofs()->isEmpty());
    QCOMPARE(m_store->accept(events[1]).value(), EventStore::AcceptOutcome::Stored);
}

void TestEventStore::storesForkProofNotTheRival()
{
    const QList<QByteArray> events = feedOf(*m_key, 2);
    const QList<QByteArray> rivals = feedOf(*m_key, 3, 100); // same key, other bodies
    QVERIFY(m_store->accept(events[0]).ok());
    QVERIFY(m_store->accept(events[1]).ok());
    Refusal why = Refusal::BadSignature;
    const auto fork = m_store->accept(rivals[0], &why);
    QVERIFY2(fork.ok(), qPrintable(fork.error()));
    QCOMPARE(*fork, EventStore::AcceptOutcome::Fork);
    QCOMPARE(why, Refusal::None);
    // Found again: still one proof.
    QCOMPARE(m_store->accept(rivals[0]).value(), EventStore::AcceptOutcome::Fork);
    QCOMPARE(m_store->forkProofs()->size(), 1);
    // The author signed two events at seq 2 as well: a second offence, a second proof.
    QCOMPARE(m_store->accept(rivals[1]).value(), EventStore::AcceptOutcome::Fork);
    // The rival chain is never continued: its seq 3 does not follow the stored seq 2.
    QVERIFY(!m_store->accept(rivals[2], &why).ok());
    QCOMPARE(why, Refusal::WrongPrev);

    openStore(); // the proofs are on disk
    QCOMPARE(count(*m_store), quint64(2));
    QCOMPARE(m_store->head(m_key->publicKey())->hash,
             Event::decode(events[1], kMaxEventBytes)->hash());
    const auto proofs = m_store->forkProofs().value();
    QCOMPARE(proofs.size(), 2);
    for (const ForkProof &proof : proofs) {
        QVERIFY(proof.verify().ok());
        QCOMPARE(proof.first().author(), m_key->publicKey());
    }
    QCOMPARE(proofs[0].first().seq(), quint64(1));
    QCOMPARE(proofs[1].first().seq(), quint64(2));
    const QSet<QByteArray> stored = storedHashes(*m_db);
    for (const QByteArray &rival : rivals)
        QVERIFY(!stored.contains(Event::decode(rival, kMaxEventBytes)->hash()));
}

void TestEventStore::unsignedRivalIsNoFork()
{
    const QList<QByteArray> events = feedOf(*m_key, 1);
    QVERIFY(m_store->accept(events[0]).ok());
    const QByteArray rival = flippedSignature(feedOf(*m_key, 1, 50)[0]);
    Refusal why = Refusal::None;
    QVERIFY(!m_store->accept(rival, &why).ok());
    QCOMPARE(why, Refusal::BadSignature);
    QVERIFY(m_store->forkProofs()->isEmpty());
}

void TestEventStore::exportThenImportGivesTheSameLog()
{
    // Three authors of 400 events each: more than two import batches.
    std::vector<Ed25519SigningKey> keys;
    for (int a = 0; a < 3; ++a)
        keys.push_back(Ed25519SigningKey::generate().value());
    // One transaction for all: append() joins it, as callers composing writes do.
    const auto appended = m_db->transaction([&]() -> Result<void> {
        for (int n = 0; n < 400; ++n) {
            for (const Ed25519SigningKey &key : keys) {
                if (auto event = m_store->append(key, EventKind::Transfer, body(n), kTime + n);
                    !event)
                    return Error{event.error()};
            }
        }
        return {};
    });
    QVERIFY2(appended.ok(), qPrintable(appended.error()));
    QCOMPARE(count(*m_store), quint64(1200));

    QFile file(path(QStringLiteral("log.cborseq")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(m_store->exportTo(file).value(), quint64(1200));
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto verified = verifySequence(file);
    QVERIFY2(verified->valid(), qPrintable(verified->firstError));
    QCOMPARE(verified->events, quint64(1200));

    const QSet<QByteArray> exported = storedHashes(*m_db);
    const auto heads = m_store->heads().value();
    openStore(QStringLiteral("b.sqlite"));
    QVERIFY(file.seek(0));
    const auto report = m_store->importFrom(file);
    QVERIFY2(report.ok(), qPrintable(report.error()));
    QCOMPARE(report->accepted, quint64(1200));
    QCOMPARE(report->refused, quint64(0));
    QVERIFY(report->firstRefusal.isEmpty());
    QCOMPARE(storedHashes(*m_db), exported);
    QCOMPARE(m_store->heads().value(), heads);

    QVERIFY(file.seek(0));
    const auto again = m_store->importFrom(file);
    QCOMPARE(again->duplicates, quint64(1200));
    QCOMPARE(again->accepted, quint64(0));
}

void TestEventStore::importTakesAuthorsInAnyInterleaving()
{
    const auto other = Ed25519SigningKey::generate().value();
    const QList<QByteArray> mine = feedOf(*m_key, 3);
    const QList<QByteArray> theirs = feedOf(other, 3);
    QByteArray bytes = sequence({theirs[0], mine[0], mine[1], theirs[1], theirs[2], mine[2]});
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto report = m_store->importFrom(buffer);
    QCOMPARE(report->accepted, quint64(6));
    QCOMPARE(report->refused, quint64(0));
}

// The documented rule: every valid event is kept, each refused one is counted, and the chains in
// the database stay whole.
void TestEventStore::badEventMidImportKeepsValidChains()
{
    const auto other = Ed25519SigningKey::generate().value();
    QList<QByteArray> mine = feedOf(*m_key, 5);
    const QByteArray thirdHash = Event::decode(mine[2], kMaxEventBytes)->hash();
    mine[2] = flippedSignature(mine[2]);
    const QList<QByteArray> theirs = feedOf(other, 2);
    QByteArray bytes = sequence(mine + theirs);
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto report = m_store->importFrom(buffer);
    QVERIFY2(report.ok(), qPrintable(report.error()));
    QCOMPARE(report->accepted, quint64(4)); // mine 1–2, theirs 1–2
    QCOMPARE(report->refused, quint64(3));  // mine 3 (forged), then 4 and 5 (gap)
    QVERIFY2(report->firstRefusal.startsWith(QLatin1String("item #3 at byte ")),
             qPrintable(report->firstRefusal));
    QVERIFY2(report->firstRefusal.contains(QLatin1String("bad signature")),
             qPrintable(report->firstRefusal));
    QCOMPARE(m_store->head(m_key->publicKey())->seq, quint64(2));
    QCOMPARE(m_store->head(other.publicKey())->seq, quint64(2));
    QVERIFY(!storedHashes(*m_db).contains(thirdHash));

    QByteArray exported;
    QBuffer out(&exported);
    QVERIFY(out.open(QIODevice::WriteOnly));
    QCOMPARE(m_store->exportTo(out).value(), quint64(4));
    out.close();
    QVERIFY(out.open(QIODevice::ReadOnly));
    QVERIFY(verifySequence(out)->valid());
}

void TestEventStore::truncatedImportKeepsWhatWasRead()
{
    const QList<QByteArray> events = feedOf(*m_key, 5);
    QByteArray bytes = sequence(events);
    const qsizetype fourthAt = events[0].size() + events[1].size() + events[2].size();
    bytes.truncate(fourthAt + 20);
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto report = m_store->importFrom(buffer);
    QVERIFY2(report.ok(), qPrintable(report.error()));
    QCOMPARE(report->accepted, quint64(3));
    QCOMPARE(report->refused, quint64(1));
    QCOMPARE(report->firstRefusal, QStringLiteral("truncated item #4 at byte %1").arg(fourthAt));
    QCOMPARE(count(*m_store), quint64(3));

    openStore();
    QCOMPARE(m_store->head(m_key->publicKey())->seq, quint64(3));
}

void TestEventStore::importFromUnreadableDeviceFails()
{
    QBuffer closed;
    QVERIFY(!m_store->importFrom(closed).ok());
    QVERIFY(!m_store->exportTo(closed).ok());
}

// The console's profile: adding a node and each of its transitions land in the operator's feed.
void TestEventStore::consoleSignsNodeChangesIntoOperatorFeed()
{
    const QString profileDir = path(QStringLiteral("profile"));
    QString nodeId;
    QByteArray operatorKey;
    {
        OperatorProfile profile(profileDir, std::make_shared<ManualClock>(),
                                ScryptCost::fastForTests());
        QVERIFY(profile.open().ok());
        QVERIFY(profile.createOperatorKey(QStringLiteral("a passphrase")).ok());
        const auto node =
            profile.addNode({QStringLiteral("n1"), path(QStringLiteral("n1")), 1 << 20});
        QVERIFY2(node.ok(), qPrintable(node.error()));
        nodeId = node->id;
        const auto started =
            profile.changeState(nodeId, LifecycleState::Starting, QStringLiteral("go"));
        QVERIFY2(started.ok(), qPrintable(started.error()));
        // Starting waits for the node's process; the console reports Online once it listens.
        QCOMPARE(toString(started->state), QStringLiteral("Starting"));
        const auto online = profile.nodeReport(nodeId, LifecycleState::Online,
                                               QStringLiteral("node is serving"), Actor::Node);
        QVERIFY2(online.ok(), qPrintable(online.error()));
        QCOMPARE(toString(online->state), QStringLiteral("Online"));
        // A refused transition leaves no event behind.
        QVERIFY(!profile.changeState(nodeId, LifecycleState::Retired, QString()).ok());
        operatorKey = KeyFile::readPublicKey(profile.keyPath()).value();
    }
    auto db = Database::open(profileDir + QStringLiteral("/operator.sqlite"),
                             Database::OpenMode::ExistingOnly);
    QVERIFY2(db.ok(), qPrintable(db.error()));
    EventStore store(*db.value(), kMaxEventBytes);
    const auto events = store.range(operatorKey, 1, 100, 100).value();
    QStringList kinds;
    QList<Event> decoded;
    for (const QByteArray &encoded : events) {
        decoded.append(Event::decode(encoded, kMaxEventBytes).value());
        kinds.append(decoded.last().kindName());
    }
    QCOMPARE(kinds,
             (QStringList{QStringLiteral("node_announce"), QStringLiteral("lifecycle_change"),
                          QStringLiteral("lifecycle_change"), QStringLiteral("lifecycle_change")}));
    QCOMPARE(decoded[0].body().value(QStringLiteral("name")).toString(), QStringLiteral("n1"));
    const QCborMap change = decoded[2].body();
    QCOMPARE(change.value(QStringLiteral("from")).toString(), QStringLiteral("Stopped"));
    QCOMPARE(change.value(QStringLiteral("to")).toString(), QStringLiteral("Starting"));
    QCOMPARE(change.value(QStringLiteral("why")).toString(), QStringLiteral("go"));
    QCOMPARE(change.value(QStringLiteral("who")).toString(), QStringLiteral("Operator"));
    QCOMPARE(change.value(QStringLiteral("node")).toByteArray(),
             decoded[0].body().value(QStringLiteral("public_key")).toByteArray());
    QCOMPARE(decoded[3].body().value(QStringLiteral("who")).toString(), QStringLiteral("Node"));
    QByteArray exported;
    QBuffer out(&exported);
    QVERIFY(out.open(QIODevice::WriteOnly));
    QCOMPARE(store.exportTo(out).value(), quint64(4));
    out.close();
    QVERIFY(out.open(QIODevice::ReadOnly));
    QVERIFY(verifySequence(out)->valid());
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "test_event_store.moc"
