#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "log/CanonicalCbor.h"
#include "log/Event.h"

#include <QCborArray>
#include <QCborMap>
#include <QTest>

using namespace streamsync;

namespace {

const QByteArray kZeroHash(Event::kHashSize, '\0');
constexpr quint64 kTime = 1'700'000'000'000;

Ed25519SigningKey fixedKey()
{
    QByteArray seed;
    for (char b = 1; b <= 32; ++b)
        seed += b;
    return Ed25519SigningKey::fromSeed(seed).value();
}

QCborMap priceBody(int price)
{
    return QCborMap{{QStringLiteral("price"), price}};
}

Event offer(const Ed25519SigningKey &key, int price = 5)
{
    return Event::sign(key, 1, kZeroHash, {}, kTime, EventKind::Offer, priceBody(price)).value();
}

// The decoded CBOR map of a valid event, for tests that break one field and re-encode it.
QCborMap eventMap(const Event &event)
{
    return cbor::decode(event.encoded()).value().toMap();
}

// Canonical CBOR where possible; Qt's encoder (insertion order, full-width doubles) otherwise.
QByteArray encode(const QCborMap &map)
{
    const auto canonical = cbor::encode(map);
    return canonical ? *canonical : map.toCborValue().toCbor();
}

// The event's fields inserted in reverse canonical order, for Qt's order-keeping encoder.
QCborMap reversed(const QCborMap &map)
{
    QCborMap out;
    for (auto it = map.end(); it != map.begin();) {
        --it;
        out.insert(it.key(), it.value());
    }
    return out;
}

} // namespace

// Events: the pinned encoding, round trips, signatures, and every refusal of decode().
class TestEvent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kindNamesRoundTrip();
    void pinnedTestVector();
    void roundTripsWithDeps();
    void signingBytesMatchAnIndependentEncoding();
    void hashIsSha256OfSigningBytes();
    void mutatedBytesAreRefusedOrConsistent();
    void tamperedBodyBreaksSignature();
    void tamperedSignatureIsInvalid();
    void signRefusesWhatDecodeRefuses();
    void decodeRefusesOversizeBeforeParsing();
    void decodeRefuses_data();
    void decodeRefuses();
};

void TestEvent::kindNamesRoundTrip()
{
    const QStringList names{QStringLiteral("genesis"),
                            QStringLiteral("mint"),
                            QStringLiteral("transfer"),
                            QStringLiteral("node_announce"),
                            QStringLiteral("offer"),
                            QStringLiteral("bond"),
                            QStringLiteral("unbond"),
                            QStringLiteral("payment_voucher"),
                            QStringLiteral("race_report"),
                            QStringLiteral("audit_report"),
                            QStringLiteral("lifecycle_change"),
                            QStringLiteral("slash"),
                            QStringLiteral("epoch_close"),
                            QStringLiteral("escrow")};
    for (const QString &name : names) {
        const auto kind = eventKindFromString(name);
        QVERIFY2(kind.has_value(), qPrintable(name));
        QCOMPARE(eventKindName(*kind), name);
    }
    QVERIFY(!eventKindFromString(u"Offer").has_value());
    QVERIFY(!eventKindFromString(u"teleport").has_value());
}

// Computed independently (hand-assembled CBOR, Python `cryptography` for Ed25519, hashlib):
// seed 0x01..0x20, seq 1, zero prev, no deps, time 1700000000000, kind "offer", body {"price":5}.
void TestEvent::pinnedTestVector()
{
    const Event event = offer(fixedKey());
    const QByteArray publicKey("79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664");
    const QByteArray afterSeq =
        "64626f6479a165707269636505" // "body": {"price": 5}
        "6464657073a0"               // "deps": {}
        "646b696e64656f66666572"     // "kind": "offer"
        "647072657658200000000000000000000000000000000000000000000000000000000000000000"
        "6474696d651b0000018bcfe56800" // "time": 1700000000000
        "66617574686f725820" +
        publicKey; // "author": h'…'
    const QByteArray sig("151190150bce005bf0b2a7ad3ee1cd92876b1a5ca430638bc1e79aa032610500"
                         "2e38653a942f0512ec76ea55f58c6845e0e7dca8cd55f750bc20a6e88e498208");
    QCOMPARE(event.author().toHex(), publicKey);
    QCOMPARE(event.signingBytes().toHex(), "a7"
                                           "6373657101" +
                                               afterSeq);
    QCOMPARE(event.hash().toHex(),
             QByteArray("cd1a4764eea8053465ac83a87f0d7d1abd90cbf5b07627250b37aa44532dbb8e"));
    QCOMPARE(event.sig().toHex(), sig);
    QCOMPARE(event.encoded().toHex(), "a8"
                                      "6373657101"
                                      "637369675840" +
                                          sig + afterSeq);
}

void TestEvent::roundTripsWithDeps()
{
    const auto key = Ed25519SigningKey::generate().value();
    const Event::Deps deps{{QByteArray(32, 'a'), {7, QByteArray(32, 'h')}},
                           {QByteArray(32, 'b'), {1, QByteArray(32, 'i')}}};
    const QCborMap body{{QStringLiteral("amount"), -250},
                        {QStringLiteral("to"), QByteArray(32, 'c')},
                        {QStringLiteral("memo"), QCborArray{1, QStringLiteral("x"), true}}};
    const auto made =
        Event::sign(key, 300, QByteArray(32, 'p'), deps, kTime, EventKind::Transfer, body);
    QVERIFY2(made.ok(), qPrintable(made.error()));
    const auto decoded = Event::decode(made->encoded(), 64 * 1024);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
    QCOMPARE(decoded->author(), key.publicKey());
    QCOMPARE(decoded->seq(), quint64(300));
    QCOMPARE(decoded->prev(), QByteArray(32, 'p'));
    QCOMPARE(decoded->deps(), deps);
    QCOMPARE(decoded->timeMs(), kTime);
    QCOMPARE(decoded->kind(), EventKind::Transfer);
    QCOMPARE(decoded->kindName(), QStringLiteral("transfer"));
    QCOMPARE(encode(decoded->body()), encode(body));
    QCOMPARE(decoded->encoded(), made->encoded());
    QCOMPARE(decoded->signingBytes(), made->signingBytes());
    QCOMPARE(decoded->hash(), made->hash());
    QVERIFY(decoded->signatureValid());
}

// The signing bytes are spliced out of the encoding for speed; check them against a full encode.
void TestEvent::signingBytesMatchAnIndependentEncoding()
{
    const auto key = Ed25519SigningKey::generate().value();
    for (quint64 seq : {quint64(1), quint64(23), quint64(24), quint64(256), quint64(70000),
                        quint64(5'000'000'000)}) {
        const QByteArray prev = seq == 1 ? kZeroHash : QByteArray(32, 'p');
        const Event event =
            Event::sign(key, seq, prev, {}, kTime, EventKind::Bond, priceBody(1)).value();
        QCborMap map = eventMap(event);
        map.remove(QStringLiteral("sig"));
        QCOMPARE(event.signingBytes(), encode(map));
    }
}

void TestEvent::hashIsSha256OfSigningBytes()
{
    const Event event = offer(Ed25519SigningKey::generate().value());
    QCOMPARE(event.hash(), sha256(event.signingBytes()));
    QCOMPARE(event.hash().size(), Event::kHashSize);
}

// Every single-byte change of a valid event is either refused, or decodes to an event whose
// encoding is exactly the input and whose spliced signing bytes match a full encode.
void TestEvent::mutatedBytesAreRefusedOrConsistent()
{
    const Event::Deps deps{{QByteArray(32, 'a'), {3, QByteArray(32, 'h')}}};
    const QByteArray good =
        Event::sign(fixedKey(), 2, QByteArray(32, 'p'), deps, kTime, EventKind::Offer, priceBody(5))
            .value()
            .encoded();
    int accepted = 0;
    for (qsizetype at = 0; at < good.size(); ++at) {
        for (int flip : {0x01, 0x20, 0x80, 0xff}) {
            QByteArray bytes = good;
            bytes[at] = char(bytes[at] ^ flip);
            const auto event = Event::decode(bytes, 4096);
            if (!event)
                continue;
            ++accepted;
            QCOMPARE(event->encoded(), bytes);
            QCborMap map = eventMap(*event);
            map.remove(QStringLiteral("sig"));
            QCOMPARE(event->signingBytes(), encode(map));
            QVERIFY(!event->signatureValid());
        }
    }
    QVERIFY(accepted > 0); // some flips land in hashes, keys or the signature and stay well-formed
}

void TestEvent::tamperedBodyBreaksSignature()
{
    const Event event = offer(fixedKey(), 5);
    QByteArray bytes = event.encoded();
    const qsizetype at = bytes.indexOf(QByteArray::fromHex("6570726963650"
                                                           "5"));
    QVERIFY(at > 0);
    bytes[at + 6] = 0x06; // price 5 → 6, still canonical
    const auto tampered = Event::decode(bytes, 4096);
    QVERIFY2(tampered.ok(), qPrintable(tampered.error()));
    QCOMPARE(tampered->body(), priceBody(6));
    QVERIFY(!tampered->signatureValid());
    QVERIFY(event.signatureValid());
}

void TestEvent::tamperedSignatureIsInvalid()
{
    const auto key = Ed25519SigningKey::generate().value();
    QCborMap map = eventMap(offer(key));
    QByteArray sig = map.value(QStringLiteral("sig")).toByteArray();
    sig[10] = char(sig[10] ^ 0x01);
    map.insert(QStringLiteral("sig"), sig);
    const auto event = Event::decode(encode(map), 4096);
    QVERIFY(event.ok());
    QVERIFY(!event->signatureValid());
    QVERIFY(!event->signatureValid(Ed25519PublicKey::fromRaw(key.publicKey()).value()));
}

void TestEvent::signRefusesWhatDecodeRefuses()
{
    const auto key = fixedKey();
    const auto sign = [&key](quint64 seq, const QByteArray &prev, const QCborMap &body) {
        return Event::sign(key, seq, prev, {}, kTime, EventKind::Offer, body);
    };
    QVERIFY(!sign(0, kZeroHash, priceBody(1)).ok());
    QVERIFY(!sign(1, QByteArray(32, 'x'), priceBody(1)).ok());
    QVERIFY(!sign(2, QByteArray(31, 'x'), priceBody(1)).ok());
    QVERIFY(!sign(1, kZeroHash, QCborMap{{QStringLiteral("price"), 0.5}}).ok());
    const Event::Deps badDeps{{QByteArray(5, 'a'), {1, kZeroHash}}};
    QVERIFY(!Event::sign(key, 1, kZeroHash, badDeps, kTime, EventKind::Offer, {}).ok());
}

void TestEvent::decodeRefusesOversizeBeforeParsing()
{
    Refusal why = Refusal::None;
    const auto garbage = Event::decode(QByteArray(5000, '\xff'), 4096, &why);
    QCOMPARE(why, Refusal::Oversize);
    QVERIFY(garbage.error().contains(QLatin1String("over the limit of 4096 bytes")));
    const Event event = offer(fixedKey());
    QVERIFY(Event::decode(event.encoded(), event.encoded().size()).ok());
    QVERIFY(!Event::decode(event.encoded(), event.encoded().size() - 1, &why).ok());
    QCOMPARE(why, Refusal::Oversize);
}

void TestEvent::decodeRefuses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Refusal>("reason");
    QTest::addColumn<QString>("message");
    const Event event = offer(fixedKey());
    const QByteArray good = event.encoded();
    const auto with = [&event](const char *field, const QCborValue &value) {
        QCborMap map = eventMap(event);
        map.insert(QLatin1StringView(field), value);
        return encode(map);
    };
    const auto without = [&event](const char *field) {
        QCborMap map = eventMap(event);
        map.remove(QLatin1StringView(field));
        return encode(map);
    };
    const auto row = [](const char *name, const QByteArray &bytes, Refusal reason,
                        const char *message) {
        QTest::newRow(name) << bytes << reason << QString::fromUtf8(message);
    };
    QByteArray longSeq = good;
    longSeq.replace(5, 1, QByteArray::fromHex("1801")); // seq 1 written as 0x1801
    row("non-shortest seq", longSeq, Refusal::NonCanonical, "not in canonical CBOR form");
    row("unsorted keys (Qt's own encoder)", reversed(eventMap(event)).toCborValue().toCbor(),
        Refusal::NonCanonical, "not in canonical CBOR form");
    row("float time", with("time", 1.7e12), Refusal::NonCanonical, "floating point");
    row("not CBOR", QByteArray::fromHex("ff"), Refusal::Malformed, "not valid CBOR");
    row("truncated", good.left(good.size() - 3), Refusal::Malformed, "not valid CBOR");
    row("trailing byte", good + '\0', Refusal::Malformed, "1 trailing bytes");
    row("not a map", QByteArray::fromHex("8101"), Refusal::Malformed, "not a CBOR map");
    row("missing sig", without("sig"), Refusal::Malformed, "no 'sig' field");
    row("missing body", without("body"), Refusal::Malformed, "no 'body' field");
    row("extra field", with("extra", 1), Refusal::Malformed, "unexpected fields: \"extra\"");
    row("short author", with("author", QByteArray(31, 'a')), Refusal::Malformed,
        "'author' must have 32 bytes, not 31");
    row("long prev", with("prev", QByteArray(33, '\0')), Refusal::Malformed,
        "'prev' must have 32 bytes, not 33");
    row("short sig", with("sig", QByteArray(63, 's')), Refusal::Malformed,
        "'sig' must have 64 bytes, not 63");
    row("author as text", with("author", QStringLiteral("me")), Refusal::Malformed,
        "'author' must be a byte string");
    row("seq 0", with("seq", 0), Refusal::Malformed, "seq must start at 1, not 0");
    row("negative seq", with("seq", -1), Refusal::Malformed, "'seq' must be an unsigned integer");
    row("negative time", with("time", -5), Refusal::Malformed, "'time' must be an unsigned");
    row("prev not zero for seq 1", with("prev", QByteArray(32, 'x')), Refusal::Malformed,
        "seq 1 must have an all-zero prev");
    row("body not a map", with("body", QCborArray{1}), Refusal::Malformed, "'body' must be a map");
    row("kind not text", with("kind", 4), Refusal::Malformed, "'kind' must be a text string");
    row("deps not a map", with("deps", QCborArray()), Refusal::Malformed, "'deps' must be a map");
    row("deps value shape", with("deps", QCborMap{{QByteArray(32, 'a'), 3}}), Refusal::Malformed,
        "[seq, hash]");
    row("deps seq 0", with("deps", QCborMap{{QByteArray(32, 'a'), QCborArray{0, kZeroHash}}}),
        Refusal::Malformed, "not a positive integer");
    row("unknown kind", with("kind", QStringLiteral("teleport")), Refusal::UnknownKind,
        "unknown event kind 'teleport'");
}

void TestEvent::decodeRefuses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Refusal, reason);
    QFETCH(QString, message);
    Refusal why = Refusal::None;
    const auto event = Event::decode(bytes, 64 * 1024, &why);
    QVERIFY(!event.ok());
    QVERIFY2(event.error().contains(message), qPrintable(event.error()));
    QCOMPARE(why, reason);
}

QTEST_GUILESS_MAIN(TestEvent)
#include "test_event.moc"
