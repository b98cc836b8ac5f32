#include "log/CanonicalCbor.h"

#include <QCborArray>
#include <QCborMap>
#include <QTest>

#include <limits>

using namespace streamsync;

// The canonical encoder and strict decoder, against RFC 8949 Appendix A and §4.2.1.
class TestCanonicalCbor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesRfcVectors_data();
    void encodesRfcVectors();
    void sortsMapKeysBytewise();
    void sortsMixedKeysLikeRfcSection4_2_1();
    void refusesFloats();
    void decodeRefuses_data();
    void decodeRefuses();
};

void TestCanonicalCbor::encodesRfcVectors_data()
{
    QTest::addColumn<QCborValue>("value");
    QTest::addColumn<QByteArray>("hex");
    const auto row = [](const char *hex, const QCborValue &value) {
        QTest::newRow(hex) << value << QByteArray(hex);
    };
    row("00", 0);
    row("01", 1);
    row("0a", 10);
    row("17", 23);
    row("1818", 24);
    row("1819", 25);
    row("1864", 100);
    row("1903e8", 1000);
    row("1a000f4240", 1000000);
    row("1b000000e8d4a51000", qint64(1000000000000));
    row("1b7fffffffffffffff", std::numeric_limits<qint64>::max());
    row("20", -1);
    row("29", -10);
    row("3863", -100);
    row("3903e7", -1000);
    row("3b7fffffffffffffff", std::numeric_limits<qint64>::min());
    row("f4", false);
    row("f5", true);
    row("f6", QCborValue(nullptr));
    row("40", QByteArray());
    row("4401020304", QByteArray::fromHex("01020304"));
    row("60", QString());
    row("6161", QStringLiteral("a"));
    row("6449455446", QStringLiteral("IETF"));
    row("62225c", QStringLiteral("\"\\"));
    row("62c3bc", QString::fromUtf8("\xc3\xbc"));
    row("63e6b0b4", QString::fromUtf8("\xe6\xb0\xb4"));
    row("64f0908591", QString::fromUtf8("\xf0\x90\x85\x91"));
    row("80", QCborArray());
    row("83010203", QCborArray{1, 2, 3});
    row("8301820203820405", QCborArray{1, QCborArray{2, 3}, QCborArray{4, 5}});
    QCborArray oneTo25;
    for (int i = 1; i <= 25; ++i)
        oneTo25.append(i);
    row("98190102030405060708090a0b0c0d0e0f101112131415161718181819", oneTo25);
    row("a0", QCborMap());
    row("a201020304", QCborMap{{1, 2}, {3, 4}});
    row("a26161016162820203",
        QCborMap{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QCborArray{2, 3}}});
    row("826161a161626163",
        QCborArray{QStringLiteral("a"), QCborMap{{QStringLiteral("b"), QStringLiteral("c")}}});
    QCborMap letters;
    for (char c = 'e'; c >= 'a'; --c) // inserted backwards: the encoder must sort
        letters.insert(QString(QLatin1Char(c)), QString(QLatin1Char(c)).toUpper());
    row("a56161614161626142616361436164614461656145", letters);
}

void TestCanonicalCbor::encodesRfcVectors()
{
    QFETCH(QCborValue, value);
    QFETCH(QByteArray, hex);
    const auto encoded = cbor::encode(value);
    QVERIFY2(encoded.ok(), qPrintable(encoded.error()));
    QCOMPARE(encoded->toHex(), hex);
    const auto decoded = cbor::decode(QByteArray::fromHex(hex));
    QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
    // QCborMap compares in insertion order; the decoded map is in canonical order.
    QCOMPARE(cbor::encode(*decoded).value(), *encoded);
}

void TestCanonicalCbor::sortsMapKeysBytewise()
{
    // Bytewise on the encoded key: "b" (0x6162) sorts before "aa" (0x626161): length first.
    const QCborMap map{
        {QStringLiteral("b"), 1}, {QStringLiteral("a"), 2}, {QStringLiteral("aa"), 3}};
    const auto encoded = cbor::encode(map);
    QVERIFY(encoded.ok());
    QCOMPARE(encoded->toHex(), QByteArray("a3616102616201626161"
                                          "03"));
}

void TestCanonicalCbor::sortsMixedKeysLikeRfcSection4_2_1()
{
    // The example order of RFC 8949 §4.2.1: 10, 100, -1, "z", "aa", [100], [-1], false.
    const QCborMap map{{false, 8},
                       {QCborArray{-1}, 7},
                       {QCborArray{100}, 6},
                       {QStringLiteral("aa"), 5},
                       {QStringLiteral("z"), 4},
                       {-1, 3},
                       {100, 2},
                       {10, 1}};
    const auto encoded = cbor::encode(map);
    QVERIFY(encoded.ok());
    QCOMPARE(encoded->toHex(), QByteArray("a80a011864022003617a046261610581186406812007f408"));
}

void TestCanonicalCbor::refusesFloats()
{
    QVERIFY(!cbor::encode(QCborValue(1.0)).ok());
    QVERIFY(!cbor::encode(QCborMap{{QStringLiteral("price"), 0.5}}).ok());
    QVERIFY(cbor::encode(QCborValue(1.5)).error().contains(QLatin1String("floating point")));
}

void TestCanonicalCbor::decodeRefuses_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("non-shortest int 0x1817") << QByteArray("1817");
    QTest::newRow("non-shortest 8-byte int") << QByteArray("1b00000000000000ff");
    QTest::newRow("indefinite array 0x9fff") << QByteArray("9fff");
    QTest::newRow("indefinite byte string") << QByteArray("5f4101ff");
    QTest::newRow("unsorted map {b:1,a:2}") << QByteArray("a2616201616102");
    QTest::newRow("duplicate key {a:1,a:2}") << QByteArray("a2616101616102");
    QTest::newRow("trailing byte") << QByteArray("0000");
    QTest::newRow("truncated uint16") << QByteArray("1901");
    QTest::newRow("truncated array") << QByteArray("830102");
    QTest::newRow("half float 1.0") << QByteArray("f93c00");
    QTest::newRow("double 1.1") << QByteArray("fb3ff199999999999a");
    QTest::newRow("tag 1") << QByteArray("c11a514b67b0");
    QTest::newRow("empty") << QByteArray("");
}

void TestCanonicalCbor::decodeRefuses()
{
    QFETCH(QByteArray, hex);
    const auto decoded = cbor::decode(QByteArray::fromHex(hex));
    QVERIFY(!decoded.ok());
    QVERIFY(!decoded.error().isEmpty());
}

QTEST_GUILESS_MAIN(TestCanonicalCbor)
#include "test_canonical_cbor.moc"
