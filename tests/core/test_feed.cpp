#include "crypto/Ed25519.h"
#include "log/CanonicalCbor.h"
#include "log/Feed.h"
#include "log/ForkProof.h"

#include <QCborMap>
#include <QTest>

using namespace streamsync;

namespace {

const QByteArray kZeroHash(Event::kHashSize, '\0');
constexpr quint64 kTime = 1'700'000'000'000;

QCborMap body(int n)
{
    return QCborMap{{QStringLiteral("n"), n}};
}

QString shortHex(const QByteArray &key)
{
    return QString::fromLatin1(key.left(4).toHex());
}

// Re-encodes an event's map after `change`, keeping its signature: a canonical forgery.
template <typename Change> QByteArray reencoded(const Event &event, Change change)
{
    QCborMap map = cbor::decode(event.encoded()).value().toMap();
    change(map);
    return cbor::encode(map).value();
}

} // namespace

// Feeds: appending, accepting foreign events, each refusal, and forks with their proofs.
class TestFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void appendsAndVerifiesHundredEvents();
    void redeliveryIsANoOp();
    void refusesBadSignature();
    void refusesForgeryFromAnotherKey();
    void refusesWrongPrev();
    void refusesGapInSeq();
    void refusesNonCanonicalEncoding();
    void refusesUnknownKind();
    void refusesOversizeEvent();
    void refusesEventOfAnotherAuthor();
    void appendRefusesAnotherKey();
    void detectsForkWithVerifiableProof();
    void tamperedForkProofDoesNotVerify();
    void forkProofRefusesNonForks();

private:
    // The author's feed with seq 1 and 2, and a verifier's feed that accepted both.
    void makeTwoEvents();
    void expectRefusal(const Result<void> &result, Refusal why, Refusal expected, quint64 seq,
                       const char *reason);

    std::optional<Ed25519SigningKey> m_key;
    std::optional<Feed> m_own;
    std::optional<Feed> m_peer;
};

void TestFeed::init()
{
    m_key = Ed25519SigningKey::generate().value();
    m_own.emplace(m_key->publicKey());
    m_peer.emplace(m_key->publicKey());
}

void TestFeed::makeTwoEvents()
{
    for (int n = 1; n <= 2; ++n) {
        const auto event = m_own->append(*m_key, EventKind::Offer, body(n), {}, kTime + n);
        QVERIFY2(event.ok(), qPrintable(event.error()));
        QVERIFY(m_peer->acceptEncoded(event->encoded()).ok());
    }
}

void TestFeed::expectRefusal(const Result<void> &result, Refusal why, Refusal expected, quint64 seq,
                             const char *reason)
{
    QVERIFY(!result.ok());
    QCOMPARE(why, expected);
    const QString &message = result.error();
    QVERIFY2(message.contains(shortHex(m_key->publicKey())), qPrintable(message));
    if (seq > 0)
        QVERIFY2(message.contains(QStringLiteral("seq %1").arg(seq)), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String(reason)), qPrintable(message));
}

void TestFeed::appendsAndVerifiesHundredEvents()
{
    const auto other = Ed25519SigningKey::generate().value();
    for (int n = 1; n <= 100; ++n) {
        const Event::Deps deps{{other.publicKey(), {quint64(n), QByteArray(32, char(n))}}};
        QVERIFY(m_own->append(*m_key, EventKind::Transfer, body(n), deps, kTime + n).ok());
    }
    QCOMPARE(m_own->head().seq, quint64(100));
    for (const Event &event : m_own->events()) {
        Refusal why = Refusal::Fork;
        const auto accepted = m_peer->acceptEncoded(event.encoded(), &why);
        QVERIFY2(accepted.ok(), qPrintable(accepted.error()));
        QCOMPARE(why, Refusal::None);
    }
    QCOMPARE(m_peer->head().seq, quint64(100));
    QCOMPARE(m_peer->head().hash, m_own->head().hash);
    QCOMPARE(m_peer->events().at(41).prev(), m_peer->events().at(40).hash());
    QVERIFY(!m_peer->forkProof().has_value());
}

void TestFeed::redeliveryIsANoOp()
{
    makeTwoEvents();
    QVERIFY(m_peer->acceptEncoded(m_own->events().at(0).encoded()).ok());
    QCOMPARE(m_peer->events().size(), 2);
    QVERIFY(!m_peer->forkProof().has_value());
}

void TestFeed::refusesBadSignature()
{
    const auto event = m_own->append(*m_key, EventKind::Offer, body(1), {}, kTime).value();
    const QByteArray forged = reencoded(event, [](QCborMap &map) {
        QByteArray sig = map.value(QStringLiteral("sig")).toByteArray();
        sig[0] = char(sig[0] ^ 0x80);
        map.insert(QStringLiteral("sig"), sig);
    });
    Refusal why = Refusal::None;
    const auto result = m_peer->acceptEncoded(forged, &why);
    expectRefusal(result, why, Refusal::BadSignature, 1, "bad signature");
    QCOMPARE(m_peer->head().seq, quint64(0));
}

void TestFeed::refusesForgeryFromAnotherKey()
{
    // Mallory signs an event and puts the victim's key in `author`.
    const auto mallory = Ed25519SigningKey::generate().value();
    const auto own = Event::sign(mallory, 1, kZeroHash, {}, kTime, EventKind::Mint, body(1));
    const QByteArray forged = reencoded(own.value(), [this](QCborMap &map) {
        map.insert(QStringLiteral("author"), m_key->publicKey());
    });
    Refusal why = Refusal::None;
    const auto result = m_peer->acceptEncoded(forged, &why);
    expectRefusal(result, why, Refusal::BadSignature, 1, "bad signature");
}

void TestFeed::refusesWrongPrev()
{
    makeTwoEvents();
    const auto event =
        Event::sign(*m_key, 3, QByteArray(32, 'x'), {}, kTime, EventKind::Offer, body(3));
    Refusal why = Refusal::None;
    const auto result = m_peer->accept(event.value(), &why);
    expectRefusal(result, why, Refusal::WrongPrev, 3, "wrong prev");
}

void TestFeed::refusesGapInSeq()
{
    makeTwoEvents();
    const auto event =
        Event::sign(*m_key, 5, m_own->head().hash, {}, kTime, EventKind::Offer, body(5));
    Refusal why = Refusal::None;
    const auto result = m_peer->accept(event.value(), &why);
    expectRefusal(result, why, Refusal::GapInSeq, 5, "gap in seq: expected 3, got 5");
}

void TestFeed::refusesNonCanonicalEncoding()
{
    makeTwoEvents();
    QByteArray bytes = m_own->append(*m_key, EventKind::Offer, body(3), {}, kTime)->encoded();
    bytes.replace(5, 1, QByteArray::fromHex("1803")); // seq 3 as a two-byte integer
    Refusal why = Refusal::None;
    const auto result = m_peer->acceptEncoded(bytes, &why);
    expectRefusal(result, why, Refusal::NonCanonical, 0, "not in canonical CBOR form");
    QCOMPARE(m_peer->head().seq, quint64(2));
}

void TestFeed::refusesUnknownKind()
{
    const auto event = m_own->append(*m_key, EventKind::Offer, body(1), {}, kTime).value();
    const QByteArray bytes = reencoded(event, [](QCborMap &map) {
        map.insert(QStringLiteral("kind"), QStringLiteral("teleport"));
    });
    Refusal why = Refusal::None;
    const auto result = m_peer->acceptEncoded(bytes, &why);
    expectRefusal(result, why, Refusal::UnknownKind, 0, "unknown event kind 'teleport'");
}

void TestFeed::refusesOversizeEvent()
{
    Feed small(m_key->publicKey(), 512);
    const QCborMap big{{QStringLiteral("blob"), QByteArray(600, 'b')}};
    const auto event = m_own->append(*m_key, EventKind::Offer, big, {}, kTime).value();
    Refusal why = Refusal::None;
    const auto viaBytes = small.acceptEncoded(event.encoded(), &why);
    QCOMPARE(why, Refusal::Oversize);
    QVERIFY2(viaBytes.error().contains(QLatin1String("over the limit of 512 bytes")),
             qPrintable(viaBytes.error()));
    // An event decoded elsewhere with a larger limit is still held to this feed's.
    const auto result = small.accept(event, &why);
    expectRefusal(result, why, Refusal::Oversize, 1, "over the limit");
    QVERIFY(!small.append(*m_key, EventKind::Offer, big, {}, kTime).ok());
}

void TestFeed::refusesEventOfAnotherAuthor()
{
    const auto other = Ed25519SigningKey::generate().value();
    const auto event = Event::sign(other, 1, kZeroHash, {}, kTime, EventKind::Offer, body(1));
    Refusal why = Refusal::None;
    const auto result = m_peer->accept(event.value(), &why);
    expectRefusal(result, why, Refusal::WrongAuthor, 1, "is not this feed's");
}

void TestFeed::appendRefusesAnotherKey()
{
    const auto other = Ed25519SigningKey::generate().value();
    QVERIFY(!m_own->append(other, EventKind::Offer, body(1), {}, kTime).ok());
    QCOMPARE(m_own->head().seq, quint64(0));
    QCOMPARE(m_own->head().hash, kZeroHash);
}

void TestFeed::detectsForkWithVerifiableProof()
{
    makeTwoEvents();
    const Event &accepted = m_own->events().at(1);
    const auto rival =
        Event::sign(*m_key, 2, m_own->events().at(0).hash(), {}, kTime, EventKind::Offer, body(99));
    Refusal why = Refusal::None;
    const auto result = m_peer->accept(rival.value(), &why);
    expectRefusal(result, why, Refusal::Fork, 2, "fork");
    QCOMPARE(m_peer->head().hash, accepted.hash()); // the first version stays
    QVERIFY(m_peer->forkProof().has_value());
    const ForkProof &proof = *m_peer->forkProof();
    QVERIFY(proof.verify().ok());
    const auto travelled = ForkProof::fromCbor(proof.toCbor(), Feed::kDefaultMaxEventBytes);
    QVERIFY2(travelled.ok(), qPrintable(travelled.error()));
    QVERIFY(travelled->verify().ok());
    // Whoever finds the fork, and in whatever order, builds the same proof.
    const auto again = ForkProof::make(rival.value(), accepted);
    QCOMPARE(cbor::encode(again->toCbor()).value(), cbor::encode(proof.toCbor()).value());
}

void TestFeed::tamperedForkProofDoesNotVerify()
{
    makeTwoEvents();
    const auto rival =
        Event::sign(*m_key, 2, m_own->events().at(0).hash(), {}, kTime, EventKind::Offer, body(9));
    QVERIFY(!m_peer->accept(rival.value()).ok());
    QCborMap cbor = m_peer->forkProof()->toCbor();
    QByteArray second = cbor.value(QStringLiteral("b")).toByteArray();
    const qsizetype at = second.indexOf(QByteArray::fromHex("616e"));
    QVERIFY(at > 0);
    second[at + 2] = char(second[at + 2] == 0x07 ? 0x08 : 0x07); // body {"n": k} → another k
    cbor.insert(QStringLiteral("b"), second);
    const auto tampered = ForkProof::fromCbor(cbor, Feed::kDefaultMaxEventBytes);
    QVERIFY2(tampered.ok(), qPrintable(tampered.error()));
    const auto verdict = tampered->verify();
    QVERIFY(!verdict.ok());
    QVERIFY2(verdict.error().contains(QLatin1String("bad signature")), qPrintable(verdict.error()));
}

void TestFeed::forkProofRefusesNonForks()
{
    makeTwoEvents();
    const Event &first = m_own->events().at(0);
    const Event &second = m_own->events().at(1);
    QVERIFY(!ForkProof::make(first, first).ok());
    QVERIFY(ForkProof::make(first, second).error().contains(QLatin1String("different seqs")));
    const auto other = Ed25519SigningKey::generate().value();
    const auto stranger = Event::sign(other, 1, kZeroHash, {}, kTime, EventKind::Offer, body(1));
    QVERIFY(ForkProof::make(first, stranger.value())
                .error()
                .contains(QLatin1String("different authors")));
    QVERIFY(!ForkProof::fromCbor(QCborMap{{QStringLiteral("a"), 1}}, 4096).ok());
}

QTEST_GUILESS_MAIN(TestFeed)
#include "test_feed.moc"
