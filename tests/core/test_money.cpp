#include "money/Money.h"

#include <QTest>

#include <limits>

using namespace streamsync;

class TestMoney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsWithSixDecimals()
    {
        QCOMPARE(Money::fromMicro(12'345'678).toString(), QStringLiteral("12.345678 cr"));
        QCOMPARE(Money::fromMicro(0).toString(), QStringLiteral("0.000000 cr"));
        QCOMPARE(Money::fromMicro(-1).toString(), QStringLiteral("-0.000001 cr"));
        QCOMPARE(Money::fromMicro(std::numeric_limits<qint64>::min()).toString(),
                 QStringLiteral("-9223372036854.775808 cr"));
    }

    void parsesWhatItFormats_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micro");
        QTest::newRow("plain") << QStringLiteral("12.345678 cr") << qint64(12'345'678);
        QTest::newRow("no unit") << QStringLiteral("12.5") << qint64(12'500'000);
        QTest::newRow("integer") << QStringLiteral("7") << qint64(7'000'000);
        QTest::newRow("micro unit") << QStringLiteral("250 µcr") << qint64(250);
        QTest::newRow("ascii micro") << QStringLiteral("250ucr") << qint64(250);
        QTest::newRow("max") << QStringLiteral("9223372036854.775807 cr")
                             << std::numeric_limits<qint64>::max();
    }
    void parsesWhatItFormats()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micro);
        const auto parsed = Money::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
        QCOMPARE(parsed->micro(), micro);
        QCOMPARE(Money::parse(parsed->toString())->micro(), micro);
    }

    void refusesMalformedText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("nan") << QStringLiteral("NaN") << QStringLiteral("not a number");
        QTest::newRow("inf") << QStringLiteral("-inf cr") << QStringLiteral("infinite");
        QTest::newRow("exponent") << QStringLiteral("1e6") << QStringLiteral("expected");
        QTest::newRow("seven decimals")
            << QStringLiteral("0.0000001") << QStringLiteral("six decimals");
        QTest::newRow("negative") << QStringLiteral("-3 cr") << QStringLiteral("negative");
        QTest::newRow("overflow") << QStringLiteral("9223372036854.775808 cr")
                                  << QStringLiteral("too large");
        QTest::newRow("empty") << QString() << QStringLiteral("expected");
        QTest::newRow("garbage") << QStringLiteral("twelve") << QStringLiteral("expected");
    }
    void refusesMalformedText()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const auto parsed = Money::parse(text);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().contains(reason), qPrintable(parsed.error()));
    }

    void negativeAllowedWhenAsked()
    {
        const auto parsed = Money::parse(QStringLiteral("-3.5 cr"), Money::Sign::AllowNegative);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->micro(), qint64(-3'500'000));
    }

    void arithmeticRefusesOverflow()
    {
        const Money max = Money::fromMicro(std::numeric_limits<qint64>::max());
        QVERIFY(!max.plus(Money::fromMicro(1)).ok());
        QVERIFY(max.plus(Money::fromMicro(1)).error().contains(QStringLiteral("overflow")));
        QVERIFY(
            !Money::fromMicro(std::numeric_limits<qint64>::min()).minus(Money::fromMicro(1)).ok());
        QVERIFY(!max.times(2).ok());
        QVERIFY(!Money::fromCredits(std::numeric_limits<qint64>::max() / 1000).ok());
        QCOMPARE(Money::fromMicro(5).times(3)->micro(), qint64(15));
    }

    void feeSplitGivesRemainderToPool()
    {
        const auto odd = splitFee(Money::fromMicro(7));
        QVERIFY(odd.ok());
        QCOMPARE(odd->operatorShare.micro(), qint64(3));
        QCOMPARE(odd->poolShare.micro(), qint64(4));
        QVERIFY(!splitFee(Money::fromMicro(-1)).ok());
    }

    void proRataConservesTheTotal()
    {
        const auto split = splitProRata(Money::fromMicro(100), {1, 1, 1});
        QVERIFY(split.ok());
        QCOMPARE(split->shares.size(), 3);
        for (const Money &share : split->shares)
            QCOMPARE(share.micro(), qint64(33));
        QCOMPARE(split->remainder.micro(), qint64(1));

        // Huge weights and totals must not overflow the intermediate product.
        const auto big = splitProRata(Money::fromMicro(std::numeric_limits<qint64>::max()),
                                      {std::numeric_limits<quint64>::max(), 1});
        QVERIFY(big.ok());
        qint64 sum = big->remainder.micro();
        for (const Money &share : big->shares)
            sum += share.micro();
        QCOMPARE(sum, std::numeric_limits<qint64>::max());

        const auto none = splitProRata(Money::fromMicro(10), {0, 0});
        QCOMPARE(none->remainder.micro(), qint64(10));
        QVERIFY(!splitProRata(Money::fromMicro(-10), {1}).ok());
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "test_money.moc"
