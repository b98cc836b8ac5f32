#include "market/PricingStrategy.h"
#include "market/SeededRandom.h"
#include "params/Parameters.h"

#include <QTest>

using namespace streamsync;

namespace {

using Kind = PricingStrategy::Kind;

Money micro(qint64 value)
{
    return Money::fromMicro(value);
}

PricingStrategy::Input market(const QList<qint64> &queryPrices, PricePair own)
{
    const Parameters params;
    PricingStrategy::Input input;
    for (qint64 price : queryPrices)
        input.others.append({micro(price), micro(price * 10)});
    input.own = own;
    input.costFloor = {micro(100), micro(0)};
    input.maxQuery = params.maxPricePerQuery;
    input.maxGbMonth = params.maxPricePerGbMonth;
    return input;
}

bool within(const PricePair &price, const PricingStrategy::Input &input)
{
    return price.query >= micro(1) && price.query <= input.maxQuery &&
           !price.gbMonth.isNegative() && price.gbMonth <= input.maxGbMonth;
}

} // namespace

class TestPricingStrategy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip()
    {
        for (Kind kind : {Kind::Fixed, Kind::Undercut, Kind::Premium, Kind::Walk, Kind::Archive})
            QCOMPARE(PricingStrategy::fromString(PricingStrategy::toString(kind)), kind);
        QVERIFY(!PricingStrategy::fromString(QStringLiteral("cheap")));
        QCOMPARE(PricingStrategy::names(),
                 QStringLiteral("fixed, undercut, premium, walk, archive"));
    }

    void medianIsARealPrice()
    {
        QVERIFY(!PricingStrategy::median({}));
        QCOMPARE(*PricingStrategy::median({micro(5)}), micro(5));
        QCOMPARE(*PricingStrategy::median({micro(9), micro(1), micro(5)}), micro(5));
        // Even count: the lower middle one.
        QCOMPARE(*PricingStrategy::median({micro(8), micro(2), micro(6), micro(4)}), micro(4));
    }

    void percentIsExactAndSaturates()
    {
        QCOMPARE(PricingStrategy::percentOf(micro(1000), 95), micro(950));
        QCOMPARE(PricingStrategy::percentOf(micro(999), 95), micro(949)); // 949.05 rounded down
        QCOMPARE(PricingStrategy::percentOf(micro(std::numeric_limits<qint64>::max()), 130),
                 micro(std::numeric_limits<qint64>::max()));
    }

    void fixedKeepsItsPrice()
    {
        const auto input = market({1000, 2000, 3000}, {micro(1234), micro(5678)});
        QCOMPARE(PricingStrategy::next(Kind::Fixed, input, 7),
                 (PricePair{micro(1234), micro(5678)}));
    }

    void undercutGoesUnderTheMedianDownToTheFloor()
    {
        auto input = market({1000, 2000, 3000}, {micro(5000), micro(0)});
        QCOMPARE(PricingStrategy::next(Kind::Undercut, input, 1),
                 (PricePair{micro(1900), micro(19'000)}));
        // A market under the cost floor: the undercutter stops at the floor.
        input = market({50, 60, 70}, {micro(5000), micro(0)});
        QCOMPARE(PricingStrategy::next(Kind::Undercut, input, 1).query, micro(100));
    }

    void premiumGoesOverTheMedianUpToTheMaximum()
    {
        auto input = market({1000, 2000, 3000}, {micro(1), micro(0)});
        QCOMPARE(PricingStrategy::next(Kind::Premium, input, 1),
                 (PricePair{micro(2600), micro(26'000)}));
        input = market({999'000}, {micro(1), micro(0)});
        QCOMPARE(PricingStrategy::next(Kind::Premium, input, 1).query, input.maxQuery);
    }

    void archiveIsCheapToQueryAndCheapestToStore()
    {
        const auto input = market({1000, 2000, 3000}, {micro(5000), micro(5000)});
        const PricePair price = PricingStrategy::next(Kind::Archive, input, 1);
        QCOMPARE(price.query, micro(1000));   // half the median
        QCOMPARE(price.gbMonth, micro(9500)); // 5% under the cheapest (10,000)
    }

    void emptyMarketKeepsThePrice()
    {
        const auto input = market({}, {micro(4321), micro(10)});
        for (Kind kind : {Kind::Undercut, Kind::Premium, Kind::Archive})
            QCOMPARE(PricingStrategy::next(kind, input, 1), (PricePair{micro(4321), micro(10)}));
    }

    void walkIsSeededAndStaysWithinFivePercent()
    {
        const auto input = market({}, {micro(10'000), micro(20'000)});
        QCOMPARE(PricingStrategy::next(Kind::Walk, input, 42),
                 PricingStrategy::next(Kind::Walk, input, 42));
        bool moved = false;
        for (quint64 seed = 0; seed < 200; ++seed) {
            const PricePair price = PricingStrategy::next(Kind::Walk, input, seed);
            QVERIFY(price.query >= micro(9500) && price.query <= micro(10'500));
            QVERIFY(price.gbMonth >= micro(19'000) && price.gbMonth <= micro(21'000));
            moved = moved || price.query != input.own.query;
        }
        QVERIFY(moved);
    }

    // Whatever the market and the own price, every strategy stays within the rules' bounds.
    void alwaysWithinBounds()
    {
        SeededRandom random(99);
        const Parameters params;
        for (int trial = 0; trial < 5000; ++trial) {
            PricingStrategy::Input input;
            const int others = int(random.bounded(6));
            for (int i = 0; i < others; ++i)
                input.others.append(
                    {micro(qint64(random.nextU64() >> 1)), micro(qint64(random.nextU64() >> 1))});
            input.own = {micro(qint64(random.bounded(4'000'000))),
                         micro(qint64(random.bounded(400'000'000)))};
            input.costFloor = {micro(qint64(random.bounded(2'000'000))),
                               micro(qint64(random.bounded(200'000'000)))};
            input.maxQuery = params.maxPricePerQuery;
            input.maxGbMonth = params.maxPricePerGbMonth;
            const Kind kind = Kind(random.bounded(5));
            const PricePair price = PricingStrategy::next(kind, input, random.nextU64());
            QVERIFY2(within(price, input), qPrintable(PricingStrategy::toString(kind)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPricingStrategy)
#include "test_pricing_strategy.moc"
