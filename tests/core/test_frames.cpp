#include "log/CanonicalCbor.h"
#include "net/FrameCodec.h"
#include "net/Messages.h"

#include <QCborArray>
#include <QCborMap>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace streamsync;

// Length-prefixed canonical-CBOR frames (issue #4): round trips, arbitrary splits, refusal of
// oversize frames from the prefix alone, refusal of malformed payloads, and random input.
class TestFrames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void manyFramesInOneFeed();
    void splitAcrossArbitraryBoundaries();
    void bytesWantedFollowsTheFrame();
    void oversizeRefusedFromThePrefix();
    void encodeRefusesOversizeAndTypeless();
    void malformedRefused_data();
    void malformedRefused();
    void failureIsSticky();
    void randomBytesNeverCrash();
    void mutatedFramesNeverCrash();
    void helloRoundTrip();
    void validateChecksRequiredFields_data();
    void validateChecksRequiredFields();
    void everyTypeHasAName();
};

namespace {

QCborMap sampleMessage(int i)
{
    QCborMap fields;
    fields.insert(QStringLiteral("chunk_hash"), QByteArray(32, char(i)));
    fields.insert(QStringLiteral("data"), QByteArray(i * 7 % 300, 'x'));
    fields.insert(QStringLiteral("proof"), QCborArray{QByteArray(32, 'p'), i});
    return message::make(MessageType::Chunk, fields);
}

QByteArray frameOf(const QCborMap &message)
{
    auto frame = FrameCodec().encode(message);
    if (!frame)
        qFatal("%s", qPrintable(frame.error()));
    return frame.value();
}

// QCborMap compares in insertion order; decoded maps come in canonical key order.
QByteArray canonical(const QCborMap &message)
{
    return cbor::encode(message).value();
}

// A frame around raw payload bytes, valid or not.
QByteArray rawFrame(const QByteArray &payload)
{
    QByteArray frame(4, Qt::Uninitialized);
    qToBigEndian(quint32(payload.size()), frame.data());
    return frame + payload;
}

// Feeds `bytes` and collects every frame until the codec needs more or fails.
QList<FrameCodec::Decoded> drain(FrameCodec &codec)
{
    QList<FrameCodec::Decoded> out;
    for (;;) {
        FrameCodec::Decoded d = codec.next();
        if (d.status == FrameCodec::Status::NeedMore)
            return out;
        out.append(d);
        if (d.status != FrameCodec::Status::Frame)
            return out;
    }
}

} // namespace

void TestFrames::roundTrip()
{
    FrameCodec codec;
    const QCborMap message = sampleMessage(5);
    const QByteArray frame = frameOf(message);
    QCOMPARE(qFromBigEndian<quint32>(frame.constData()), quint32(frame.size() - 4));
    codec.feed(frame);
    const auto decoded = codec.next();
    QCOMPARE(decoded.status, FrameCodec::Status::Frame);
    QCOMPARE(canonical(decoded.message), canonical(message));
    QCOMPARE(codec.next().status, FrameCodec::Status::NeedMore);
    QVERIFY(!codec.hasPartialFrame());
}

void TestFrames::manyFramesInOneFeed()
{
    QByteArray stream;
    for (int i = 0; i < 500; ++i)
        stream += frameOf(sampleMessage(i));
    FrameCodec codec;
    codec.feed(stream);
    const auto frames = drain(codec);
    QCOMPARE(frames.size(), 500);
    for (int i = 0; i < 500; ++i)
        QCOMPARE(canonical(frames[i].message), canonical(sampleMessage(i)));
}

void TestFrames::splitAcrossArbitraryBoundaries()
{
    QByteArray stream;
    for (int i = 0; i < 50; ++i)
        stream += frameOf(sampleMessage(i));
    QRandomGenerator rng(42);
    for (int round = 0; round < 200; ++round) {
        FrameCodec codec;
        QList<FrameCodec::Decoded> frames;
        for (qsizetype pos = 0; pos < stream.size();) {
            // Mostly tiny pieces (one byte splits the prefix itself), sometimes large ones.
            const qsizetype piece = rng.bounded(4) == 0 ? rng.bounded(1, 600) : rng.bounded(1, 6);
            codec.feed(QByteArrayView(stream).sliced(pos, qMin(piece, stream.size() - pos)));
            pos += piece;
            frames += drain(codec);
        }
        QCOMPARE(frames.size(), 50);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(canonical(frames[i].message), canonical(sampleMessage(i)));
    }
}

void TestFrames::bytesWantedFollowsTheFrame()
{
    const QByteArray frame = frameOf(sampleMessage(9));
    FrameCodec codec;
    QCOMPARE(codec.bytesWanted(), 4);
    codec.feed(frame.first(3));
    QCOMPARE(codec.bytesWanted(), 1);
    QVERIFY(codec.hasPartialFrame());
    codec.feed(frame.sliced(3, 1));
    QCOMPARE(codec.bytesWanted(), frame.size() - 4);
    codec.feed(frame.sliced(4));
    QCOMPARE(codec.bytesWanted(), 0);
    QCOMPARE(codec.next().status, FrameCodec::Status::Frame);
    QCOMPARE(codec.bytesWanted(), 4);
}

void TestFrames::oversizeRefusedFromThePrefix()
{
    FrameCodec codec(1024);
    QByteArray prefix(4, Qt::Uninitialized);
    qToBigEndian(quint32(1025), prefix.data());
    codec.feed(prefix); // the body never arrives: the prefix alone must be enough
    QCOMPARE(codec.bytesWanted(), 0);
    const auto decoded = codec.next();
    QCOMPARE(decoded.status, FrameCodec::Status::Oversize);
    QVERIFY2(decoded.error.contains(QStringLiteral("1025")), qPrintable(decoded.error));

    FrameCodec huge;
    huge.feed(QByteArray::fromHex("ffffffff"));
    QCOMPARE(huge.next().status, FrameCodec::Status::Oversize);

    // Exactly the limit is fine.
    FrameCodec exact(1024);
    qToBigEndian(quint32(1024), prefix.data());
    exact.feed(prefix);
    QCOMPARE(exact.next().status, FrameCodec::Status::NeedMore);
    QCOMPARE(exact.bytesWanted(), 1024);
}

void TestFrames::encodeRefusesOversizeAndTypeless()
{
    FrameCodec small(256);
    QCborMap big = message::make(MessageType::StoreChunk);
    big.insert(QStringLiteral("data"), QByteArray(300, 'x'));
    const auto refused = small.encode(big);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("256")), qPrintable(refused.error()));
    QVERIFY(!small.encode(QCborMap{{QStringLiteral("x"), 1}}));
    QVERIFY(!small.encode(message::make(MessageType::Heads, {{QStringLiteral("f"), 1.5}})));
}

void TestFrames::malformedRefused_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("why");
    // {"type": "heads"} is a16474797065656865616473 in canonical form.
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("garbage") << QByteArray::fromHex("ffffffffff") << QStringLiteral("CBOR");
    QTest::newRow("truncated") << QByteArray::fromHex("a1647479706565686561")
                               << QStringLiteral("CBOR");
    QTest::newRow("not a map") << QByteArray::fromHex("83010203")
                               << QStringLiteral("not a CBOR map");
    QTest::newRow("no type") << QByteArray::fromHex("a1616101") << QStringLiteral("type");
    QTest::newRow("type not text")
        << QByteArray::fromHex("a1647479706501") << QStringLiteral("type");
    // Keys "type" (64...) and "a" (61...) out of bytewise order.
    QTest::newRow("unsorted keys")
        << QByteArray::fromHex("a2647479706565686561647361616101") << QStringLiteral("canonical");
    // The integer 1 in a two-byte encoding.
    QTest::newRow("long integer") << QByteArray::fromHex("a2616118016474797065656865616473")
                                  << QStringLiteral("canonical");
    QTest::newRow("indefinite map")
        << QByteArray::fromHex("bf6474797065656865616473ff") << QStringLiteral("canonical");
    QTest::newRow("float") << QByteArray::fromHex("a26161f93c006474797065656865616473")
                           << QStringLiteral("floating");
    QTest::newRow("trailing bytes")
        << QByteArray::fromHex("a1647479706565686561647300") << QStringLiteral("CBOR");
}

void TestFrames::malformedRefused()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, why);
    FrameCodec codec;
    codec.feed(rawFrame(payload));
    const auto decoded = codec.next();
    QCOMPARE(decoded.status, FrameCodec::Status::Malformed);
    QVERIFY2(decoded.error.contains(why, Qt::CaseInsensitive), qPrintable(decoded.error));
}

void TestFrames::failureIsSticky()
{
    FrameCodec codec;
    codec.feed(rawFrame(QByteArray::fromHex("83010203")));
    QCOMPARE(codec.next().status, FrameCodec::Status::Malformed);
    codec.feed(frameOf(sampleMessage(1)));
    QCOMPARE(codec.next().status, FrameCodec::Status::Malformed);
    QCOMPARE(codec.bytesWanted(), 0);
}

void TestFrames::randomBytesNeverCrash()
{
    QRandomGenerator rng(7);
    int frames = 0;
    for (int i = 0; i < 10'000; ++i) {
        QByteArray bytes(rng.bounded(0, 200), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(rng.bounded(256));
        // Half the inputs get a plausible small prefix so the CBOR parser sees them too.
        if (i % 2 && bytes.size() >= 4)
            qToBigEndian(quint32(bytes.size() - 4), bytes.data());
        FrameCodec codec(4096);
        for (qsizetype pos = 0; pos < bytes.size(); pos += 7)
            codec.feed(QByteArrayView(bytes).sliced(pos, qMin<qsizetype>(7, bytes.size() - pos)));
        for (const auto &d : drain(codec)) {
            frames += d.status == FrameCodec::Status::Frame;
            QVERIFY(d.status != FrameCodec::Status::Frame ||
                    d.message.value(QStringLiteral("type")).isString());
        }
    }
    qInfo("%d of 10000 random inputs happened to hold a valid frame", frames);
}

void TestFrames::mutatedFramesNeverCrash()
{
    QRandomGenerator rng(11);
    const QByteArray valid = frameOf(sampleMessage(17));
    for (int i = 0; i < 10'000; ++i) {
        QByteArray bytes = valid;
        for (int flips = rng.bounded(1, 4); flips > 0; --flips)
            bytes[rng.bounded(int(bytes.size()))] = char(rng.bounded(256));
        FrameCodec codec;
        codec.feed(bytes);
        for (const auto &d : drain(codec))
            QVERIFY(d.status != FrameCodec::Status::Frame ||
                    d.message.value(QStringLiteral("type")).isString());
    }
}

void TestFrames::helloRoundTrip()
{
    const NodeId id = NodeId::fromPublicKey(QByteArray(32, 'k'));
    const QCborMap hello = message::makeHello({id, 1, QByteArray(32, 'h')});
    FrameCodec codec;
    codec.feed(frameOf(hello));
    const auto decoded = codec.next();
    QCOMPARE(decoded.status, FrameCodec::Status::Frame);
    const auto parsed = message::parseHello(decoded.message);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed->nodeId, id);
    QCOMPARE(parsed->protocolVersion, 1);
    QCOMPARE(parsed->paramsHash, QByteArray(32, 'h'));
}

void TestFrames::validateChecksRequiredFields_data()
{
    QTest::addColumn<QCborMap>("message");
    QTest::addColumn<QString>("error");
    const QCborMap hello =
        message::makeHello({NodeId::fromPublicKey(QByteArray(32, 'k')), 1, QByteArray(32, 'h')});
    QTest::newRow("valid hello") << hello << QString();
    QCborMap shortHash = hello;
    shortHash.insert(QStringLiteral("params_hash"), QByteArray(31, 'h'));
    QTest::newRow("short hash") << shortHash << QStringLiteral("params_hash");
    QCborMap negative = hello;
    negative.insert(QStringLiteral("protocol_version"), -1);
    QTest::newRow("negative version") << negative << QStringLiteral("protocol_version");
    QCborMap unknown{{QStringLiteral("type"), QStringLiteral("gossip")}};
    QTest::newRow("unknown type") << unknown << QStringLiteral("unknown message type");
    QTest::newRow("error without reason")
        << message::make(MessageType::Error, {{QStringLiteral("code"), QStringLiteral("x")}})
        << QStringLiteral("reason");
    QTest::newRow("valid error") << message::makeError(QStringLiteral("c"), QStringLiteral("r"))
                                 << QString();
    QTest::newRow("store_ack") << message::make(MessageType::StoreAck,
                                                {{QStringLiteral("chunk_hash"), QByteArray(32, 0)},
                                                 {QStringLiteral("stored"), true}})
                               << QString();
}

void TestFrames::validateChecksRequiredFields()
{
    QFETCH(QCborMap, message);
    QFETCH(QString, error);
    const auto result = message::validate(message);
    QCOMPARE(result.ok(), error.isEmpty());
    QVERIFY2(result.error().contains(error), qPrintable(result.error()));
}

void TestFrames::everyTypeHasAName()
{
    QSet<QString> names;
    for (int t = 0; t <= int(MessageType::Error); ++t) {
        const auto type = MessageType(t);
        const QCborMap m = message::make(type);
        QCOMPARE(message::typeOf(m), type);
        names.insert(message::typeName(type));
    }
    QCOMPARE(names.size(), int(MessageType::Error) + 1);
    QVERIFY(names.contains(QStringLiteral("range_pull")));
    QVERIFY(names.contains(QStringLiteral("audit_response")));
}

QTEST_GUILESS_MAIN(TestFrames)
#include "test_frames.moc"
