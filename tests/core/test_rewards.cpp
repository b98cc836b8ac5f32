#include "market/Rewards.h"
#include "market/SeededRandom.h"

#include <QTest>

#include <limits>

using namespace streamsync;

namespace {

constexpr int kTrials = 5000;

__extension__ typedef __int128 Int128;

qint64 sum(const QList<Money> &amounts)
{
    qint64 total = 0;
    for (Money m : amounts)
        total += m.micro();
    return total;
}

// A random amount whose magnitude is itself random, so that small and huge amounts both occur.
Money randomAmount(SeededRandom &random, int maxBits = 62)
{
    const int bits = int(random.bounded(quint64(maxBits) + 1));
    return Money::fromMicro(bits == 0 ? 0 : qint64(random.nextU64() >> (64 - bits)));
}

QList<Money> randomAmounts(SeededRandom &random, int maxBits)
{
    QList<Money> out;
    const int count = int(random.bounded(40));
    for (int i = 0; i < count; ++i)
        out.append(random.bounded(8) == 0 ? Money() : randomAmount(random, maxBits));
    return out;
}

} // namespace

class TestRewards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void feeSplitConserves()
    {
        SeededRandom random(1);
        Parameters p;
        for (int i = 0; i < kTrials; ++i) {
            const Money fee = randomAmount(random);
            p.feePoolShareBps = qint64(random.bounded(10'001));
            const auto split = Rewards::splitFee(fee, p);
            QVERIFY(split.ok());
            QCOMPARE(split->operatorShare.micro() + split->poolShare.micro(), fee.micro());
            QVERIFY(!split->operatorShare.isNegative() && !split->poolShare.isNegative());
            // The operator's part is rounded down.
            const auto exact = (Int128(fee.micro()) * (10'000 - p.feePoolShareBps));
            QVERIFY(Int128(split->operatorShare.micro()) * 10'000 <= exact);
            QVERIFY(Int128(split->operatorShare.micro() + 1) * 10'000 > exact);
        }
    }

    void halfSplitIsMoneysSplitFee()
    {
        for (qint64 fee : {0LL, 1LL, 2LL, 3LL, 999'999LL, std::numeric_limits<qint64>::max()}) {
            const auto ours = Rewards::splitFee(Money::fromMicro(fee), Parameters());
            const auto money = splitFee(Money::fromMicro(fee));
            QCOMPARE(ours->operatorShare, money->operatorShare);
            QCOMPARE(ours->poolShare, money->poolShare);
        }
        QCOMPARE(Rewards::splitFee(Money::fromMicro(3), Parameters())->poolShare,
                 Money::fromMicro(2)); // the odd µcr goes to the pool
    }

    void dividendConservesAndIsProRata()
    {
        SeededRandom random(2);
        for (int i = 0; i < kTrials; ++i) {
            const Money pool = randomAmount(random);
            const QList<Money> stakes = randomAmounts(random, 50);
            const auto split = Rewards::coopDividend(pool, stakes);
            QVERIFY(split.ok());
            QCOMPARE(split->shares.size(), stakes.size());
            QCOMPARE(sum(split->shares) + split->remainder.micro(), pool.micro());
            QVERIFY(!split->remainder.isNegative());
            // Rounding leaves less than one µcr per staker (all of it when nobody stakes).
            QVERIFY(sum(stakes) == 0 ? split->remainder == pool
                                     : split->remainder.micro() < qMax<qint64>(1, stakes.size()));
        }
        const auto exact = Rewards::coopDividend(Money::fromMicro(1000),
                                                 {Money::fromMicro(1), Money::fromMicro(3)});
        QCOMPARE(exact->shares, (QList<Money>{Money::fromMicro(250), Money::fromMicro(750)}));
        const auto uneven = Rewards::coopDividend(
            Money::fromMicro(10), {Money::fromMicro(1), Money::fromMicro(1), Money::fromMicro(1)});
        QCOMPARE(uneven->remainder, Money::fromMicro(1)); // 3 + 3 + 3, one stays in the pool
    }

    void subsidyConserves()
    {
        SeededRandom random(3);
        Parameters p;
        for (int i = 0; i < kTrials; ++i) {
            p.emissionPerEpoch = randomAmount(random);
            p.emissionHalvingEpochs = 1 + qint64(random.bounded(10'000));
            const qint64 epoch = qint64(random.bounded(1'000'000));
            const auto minted = Rewards::emission(epoch, p);
            const auto split = Rewards::subsidy(epoch, randomAmounts(random, 40), p);
            QVERIFY(split.ok() && minted.ok());
            QCOMPARE(sum(split->shares) + split->remainder.micro(), minted->micro());
        }
        // An epoch without fees mints into the pool.
        const auto idle = Rewards::subsidy(0, {Money(), Money()}, Parameters());
        QCOMPARE(idle->remainder, Parameters().emissionPerEpoch);
    }

    void emissionHalvesOnSchedule()
    {
        Parameters p;
        p.emissionPerEpoch = Money::fromMicro(1001);
        p.emissionHalvingEpochs = 10;
        const QList<std::pair<qint64, qint64>> schedule = {
            {0, 1001}, {9, 1001}, {10, 500}, {19, 500}, {20, 250}, {30, 125},
            {40, 62},  {50, 31},  {90, 1},   {100, 0},  {629, 0},  {630, 0}};
        for (const auto &[epoch, micro] : schedule)
            QCOMPARE(Rewards::emission(epoch, p)->micro(), micro);
        p.emissionPerEpoch = Money::fromMicro(std::numeric_limits<qint64>::max());
        QCOMPARE(Rewards::emission(620, p)->micro(), 1); // 62 halvings of 2^63 − 1
        QCOMPARE(Rewards::emission(630, p)->micro(), 0); // 63: the shift would be undefined
        QCOMPARE(Rewards::emission(std::numeric_limits<qint64>::max(), p)->micro(), 0);
        QVERIFY(!Rewards::emission(-1, p).ok());
        // The default: 1,000 cr an hour, halving yearly.
        QCOMPARE(Rewards::emission(8760, Parameters())->micro(), 500 * Money::kMicroPerCredit);
    }

    void slashRoundsDown()
    {
        const Parameters p; // 10%
        const auto s = Rewards::slash(Money::fromMicro(999), p);
        QCOMPARE(s->slashed, Money::fromMicro(99));
        QCOMPARE(s->remaining, Money::fromMicro(900));
        QCOMPARE(Rewards::slash(Money::fromMicro(9), p)->slashed, Money());
        const qint64 max = std::numeric_limits<qint64>::max();
        QCOMPARE(Rewards::slash(Money::fromMicro(max), p)->slashed.micro(), max / 10);
        Parameters all = p;
        all.slashShareBps = 10'000;
        QCOMPARE(Rewards::slash(Money::fromMicro(max), all)->remaining, Money());
        SeededRandom random(4);
        Parameters any = p;
        for (int i = 0; i < kTrials; ++i) {
            any.slashShareBps = qint64(random.bounded(10'001));
            const Money stake = randomAmount(random);
            const auto split = Rewards::slash(stake, any);
            QCOMPARE(split->slashed.micro() + split->remaining.micro(), stake.micro());
            QVERIFY(Int128(split->slashed.micro()) * 10'000 <=
                    Int128(stake.micro()) * any.slashShareBps);
        }
    }

    void refusesNegativeAmounts()
    {
        const Money minus = Money::fromMicro(-1);
        QVERIFY(!Rewards::splitFee(minus, Parameters()).ok());
        QVERIFY(!Rewards::coopDividend(minus, {}).ok());
        QVERIFY(!Rewards::coopDividend(Money(), {minus}).ok());
        QVERIFY(!Rewards::subsidy(0, {minus}, Parameters()).ok());
        QVERIFY(!Rewards::slash(minus, Parameters()).ok());
        Parameters bad;
        bad.feePoolShareBps = 10'001;
        QVERIFY(!Rewards::splitFee(Money(), bad).ok());
    }
};

QTEST_GUILESS_MAIN(TestRewards)
#include "test_rewards.moc"
