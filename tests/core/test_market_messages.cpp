#include "log/CanonicalCbor.h"
#include "market/SeededRandom.h"
#include "net/MarketMessages.h"
#include "net/StorageMessages.h"

#include <QCborArray>
#include <QTest>

#include <functional>

using namespace streamsync;
using namespace streamsync::wire;

namespace {

constexpr int kTrials = 20'000;
constexpr qsizetype kMaxEvent = 64 * 1024;

QByteArray bytes(char fill, qsizetype size)
{
    return QByteArray(size, fill);
}

MarketCandidate candidate(char fill)
{
    return {bytes(fill, 32), 1000, 50'000, 900'000, 990'000, 1'000'000, 250'000'000, true};
}

ReceiptFields receipt()
{
    return {bytes('n', 32), bytes('c', 32), 7, 12, 12'000, bytes('s', 64)};
}

MarketReply reply()
{
    return {1'700'000'000'000, 3, bytes('p', 32), {candidate('a'), candidate('b')}, true};
}

// One valid message of each market type, to mutate.
QList<QCborMap> samples()
{
    return {makePublishEvent(bytes('e', 200), 1),
            makePublished(bytes('h', 32), 2),
            makeReceipt(receipt(), 3),
            makeReceiptAck({7, 12, 12'000}, 4),
            makeCancel(bytes('q', 16)),
            makeMarket(bytes('o', 32), 5),
            makeMarket({}, 6),
            makeMarketReply(reply(), 7)};
}

// Every parser on `message`; each must return, never crash, and accept only what it checks.
void parseAll(const QCborMap &message)
{
    if (const auto event = parsePublishEvent(message, kMaxEvent))
        QVERIFY(!event->isEmpty() && event->size() <= kMaxEvent);
    if (const auto hash = parsePublished(message))
        QCOMPARE(hash->size(), 32);
    if (const auto r = parseReceipt(message)) {
        QCOMPARE(r->node.size(), 32);
        QCOMPARE(r->customer.size(), 32);
        QCOMPARE(r->sig.size(), 64);
        QVERIFY(r->epoch >= 0 && r->queries >= 0 && r->amount >= 0);
    }
    if (const auto ack = parseReceiptAck(message))
        QVERIFY(ack->epoch >= 0 && ack->queries >= 0 && ack->amount >= 0);
    if (const auto id = parseCancel(message))
        QVERIFY(!id->isEmpty() && id->size() <= 64);
    if (const auto object = parseMarket(message))
        QVERIFY(!object->has_value() || (*object)->size() == 32);
    if (const auto parsed = parseMarketReply(message)) {
        QCOMPARE(parsed->paramsHash.size(), 32);
        for (const MarketCandidate &c : parsed->candidates) {
            QCOMPARE(c.node.size(), 32);
            QVERIFY(c.performancePpm >= 0 && c.performancePpm <= kPartsPerMillion);
            QVERIFY(c.accuracyPpm >= 0 && c.accuracyPpm <= kPartsPerMillion);
            QVERIFY(c.uptimePpm >= 0 && c.uptimePpm <= kPartsPerMillion);
            QVERIFY(c.priceQuery >= 0 && c.priceGbMonth >= 0 && c.stake >= 0);
        }
    }
}

QCborValue randomValue(SeededRandom &random)
{
    switch (random.bounded(9)) {
    case 0:
        return qint64(random.nextU64() >> 1);
    case 1:
        return -qint64(random.bounded(1000)) - 1;
    case 2:
        return QCborValue(QByteArray(qsizetype(random.bounded(80)), 'x'));
    case 3:
        return QStringLiteral("text");
    case 4:
        return random.bounded(2) == 0;
    case 5:
        return QCborArray{qint64(1), QByteArray(32, 'k')};
    case 6:
        return QCborMap{{QStringLiteral("node"), QByteArray(31, 'k')}};
    case 7:
        return QCborValue(QByteArray(qsizetype(kMaxEvent + random.bounded(3)), 'y'));
    default:
        return 1.5;
    }
}

// Replaces, removes or adds one field, or one field of one candidate.
QCborMap mutate(QCborMap message, SeededRandom &random)
{
    const QList<QCborValue> keys = message.keys();
    if (keys.isEmpty())
        return QCborMap{{QStringLiteral("type"), randomValue(random)}};
    const QCborValue key = keys.at(qsizetype(random.bounded(quint64(keys.size()))));
    switch (random.bounded(4)) {
    case 0:
        message.remove(key);
        break;
    case 1:
        message.insert(key, randomValue(random));
        break;
    case 2:
        message.insert(QStringLiteral("holds"), randomValue(random));
        break;
    default: {
        QCborArray candidates = message.value(QLatin1String("candidates")).toArray();
        if (candidates.isEmpty())
            break;
        QCborMap first = candidates.at(0).toMap();
        const QList<QCborValue> fields = first.keys();
        if (!fields.isEmpty())
            first.insert(fields.at(qsizetype(random.bounded(quint64(fields.size())))),
                         randomValue(random));
        candidates[0] = first;
        message.insert(QStringLiteral("candidates"), candidates);
    }
    }
    return message;
}

} // namespace

class TestMarketMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrips()
    {
        QCOMPARE(*parsePublishEvent(makePublishEvent(bytes('e', 10), 1), kMaxEvent),
                 bytes('e', 10));
        QCOMPARE(*parsePublished(makePublished(bytes('h', 32), 1)), bytes('h', 32));
        const auto r = parseReceipt(makeReceipt(receipt(), 9));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->node, receipt().node);
        QCOMPARE(r->epoch, 7);
        QCOMPARE(r->queries, 12);
        QCOMPARE(r->amount, 12'000);
        QCOMPARE(r->sig, receipt().sig);
        QCOMPARE(requestIdOf(makeReceipt(receipt(), 9)), quint64(9));
        const auto ack = parseReceiptAck(makeReceiptAck({1, 2, 3}, 4));
        QCOMPARE(ack->queries, 2);
        QCOMPARE(*parseCancel(makeCancel(bytes('q', 8))), bytes('q', 8));
        QCOMPARE(*parseMarket(makeMarket(bytes('o', 32), 1)), std::optional(bytes('o', 32)));
        QVERIFY(!parseMarket(makeMarket({}, 1))->has_value());
        const auto parsed = parseMarketReply(makeMarketReply(reply(), 1));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
        QCOMPARE(parsed->candidates.size(), 2);
        QVERIFY(parsed->candidates.at(1) == candidate('b'));
        QCOMPARE(parsed->holds, std::optional(true));
        QCOMPARE(parsed->epoch, 3);
    }

    void everyTypeValidatesAndEncodesCanonically()
    {
        for (const QCborMap &message : samples()) {
            QVERIFY(message::validate(message).ok());
            // Frames are canonical CBOR: the messages must encode.
            QVERIFY(cbor::encode(message).ok());
        }
    }

    void refusesNamedProblems()
    {
        QCborMap bad = makeReceipt(receipt(), 1);
        bad.insert(QStringLiteral("sig"), QByteArray(63, 's'));
        QVERIFY(parseReceipt(bad).error().contains(QStringLiteral("sig")));
        bad = makeReceipt(receipt(), 1);
        bad.insert(QStringLiteral("amount"), -5);
        QVERIFY(parseReceipt(bad).error().contains(QStringLiteral("amount")));
        QVERIFY(!parsePublishEvent(makePublishEvent(bytes('e', kMaxEvent + 1), 1), kMaxEvent));
        QVERIFY(!parsePublishEvent(makePublishEvent({}, 1), kMaxEvent));
        QVERIFY(!parseCancel(makeCancel(bytes('q', 65))));
        MarketReply tooGood = reply();
        tooGood.candidates[0].accuracyPpm = kPartsPerMillion + 1;
        QVERIFY(parseMarketReply(makeMarketReply(tooGood, 1))
                    .error()
                    .contains(QStringLiteral("accuracy_ppm")));
        QCborMap market = makeMarket({}, 1);
        market.insert(QStringLiteral("object_id"), QByteArray(5, 'o'));
        QVERIFY(!parseMarket(market));
        // A parser refuses another type's message.
        QVERIFY(!parseReceipt(makeReceiptAck({1, 2, 3}, 1)));
    }

    void tooManyCandidatesAreRefused()
    {
        MarketReply big = reply();
        big.candidates = QList<MarketCandidate>(kMaxMarketCandidates + 1, candidate('z'));
        QVERIFY(!parseMarketReply(makeMarketReply(big, 1)));
    }

    void randomizedMalformedInput()
    {
        SeededRandom random(2024);
        const QList<QCborMap> valid = samples();
        for (int trial = 0; trial < kTrials; ++trial) {
            QCborMap message = valid.at(qsizetype(random.bounded(quint64(valid.size()))));
            const int mutations = 1 + int(random.bounded(3));
            for (int m = 0; m < mutations; ++m)
                message = mutate(message, random);
            (void)message::validate(message);
            parseAll(message);
            if (QTest::currentTestFailed())
                return;
        }
    }
};

QTEST_GUILESS_MAIN(TestMarketMessages)
#include "test_market_messages.moc"
