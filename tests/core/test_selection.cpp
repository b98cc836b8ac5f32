#include "market/CandidateSet.h"
#include "market/PriceProjection.h"
#include "market/SeededRandom.h"
#include "market/Selection.h"
#include "market/Weighting.h"

#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

using namespace streamsync;

namespace {

NodeId nodeNumber(int i)
{
    return NodeId::fromPublicKey(QByteArray::number(i));
}

Money credits(qint64 cr)
{
    return Money::fromMicro(cr * Money::kMicroPerCredit);
}

Candidate candidate(int id, qint64 priceMicro, double perf, double acc, double up,
                    Money stake = Money())
{
    Candidate c;
    c.node = nodeNumber(id);
    c.pricePerQuery = Money::fromMicro(priceMicro);
    c.performance = perf;
    c.accuracy = acc;
    c.uptime = up;
    c.bondedStake = stake;
    return c;
}

// Quality = performance, so a test sets weights directly.
Parameters performanceOnly(qint64 k)
{
    Parameters p;
    p.weightPerformancePermille = 1000;
    p.weightAccuracyPermille = p.weightUptimePermille = p.weightStakePermille = 0;
    p.selectionK = k;
    return p;
}

// Ten equally priced candidates with weights 0.1, 0.2, ..., 1.0 (candidate i has weight i/10).
QList<Candidate> tenByWeight()
{
    QList<Candidate> out;
    for (int i = 1; i <= 10; ++i)
        out.append(candidate(i, 100, i / 10.0, 0, 0));
    return out;
}

CandidateSet built(const QList<Candidate> &candidates, const Parameters &params)
{
    auto set = CandidateSet::build(candidates, params);
    if (!set)
        qFatal("%s", qPrintable(set.error()));
    return std::move(set).value();
}

// Exact inclusion probabilities of successive sampling (draw ∝ weight among those left, k times),
// which Efraimidis–Spirakis is equivalent to: a walk over all 2^n subsets.
std::vector<double> exactInclusion(const std::vector<double> &w, int k)
{
    const int n = int(w.size());
    std::vector<double> reach(size_t(1) << n, 0.0), inclusion(size_t(n), 0.0);
    reach[0] = 1.0;
    for (size_t mask = 0; mask < reach.size(); ++mask) {
        if (reach[mask] == 0.0)
            continue;
        double left = 0.0;
        for (int i = 0; i < n; ++i)
            left += (mask >> i) & 1 ? 0.0 : w[size_t(i)];
        if (__builtin_popcountll(mask) == k) {
            for (int i = 0; i < n; ++i)
                inclusion[size_t(i)] += (mask >> i) & 1 ? reach[mask] : 0.0;
            continue;
        }
        for (int i = 0; i < n; ++i) {
            if (!((mask >> i) & 1))
                reach[mask | (size_t(1) << i)] += reach[mask] * w[size_t(i)] / left;
        }
    }
    return inclusion;
}

// How often each index of `set` was picked over `draws` selections.
std::vector<int> pickCounts(const CandidateSet &set, Money maxPrice, int draws, quint64 seed)
{
    SeededRandom random(seed);
    std::vector<int> counts(size_t(set.size()), 0);
    for (int d = 0; d < draws; ++d) {
        for (qsizetype index : Selection::pick(set, maxPrice, random))
            ++counts[size_t(index)];
    }
    return counts;
}

} // namespace

class TestSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomSourceIsPinned()
    {
        // xoshiro256** seeded by SplitMix64, checked against an independent implementation.
        SeededRandom random(42);
        QCOMPARE(random.nextU64(), Q_UINT64_C(0x15780b2e0c2ec716));
        QCOMPARE(random.nextU64(), Q_UINT64_C(0x6104d9866d113a7e));
        QCOMPARE(random.nextU64(), Q_UINT64_C(0xae17533239e499a1));
        for (int i = 0; i < 10'000; ++i) {
            const double u = random.nextOpenUnit();
            QVERIFY(u > 0.0 && u < 1.0);
            QVERIFY(random.bounded(7) < 7);
        }
    }

    void stakeTermIsLogarithmicAndClamped()
    {
        const Parameters p; // min stake 100 cr, cap 10,000 cr
        QCOMPARE(Weighting::stakeTerm(Money(), p), 0.0);
        QVERIFY(qAbs(Weighting::stakeTerm(credits(100), p) - 0.15019048322368794) < 1e-15);
        QVERIFY(qAbs(Weighting::stakeTerm(credits(1000), p) - 0.5195737064824407) < 1e-15);
        QCOMPARE(Weighting::stakeTerm(credits(10'000), p), 1.0);
        QCOMPARE(Weighting::stakeTerm(credits(20'000), p), 1.0);
    }

    void formulaIsPinnedOnKnownInputs()
    {
        // Default parameters: weights 0.4/0.3/0.2/0.1, α = 1; values computed by hand (Python).
        const QList<Candidate> market = {
            candidate(1, 100, 1.0, 1.0, 1.0, credits(10'000)), // q = 1, cheapest: w = 1
            candidate(2, 200, 0.5, 0.5, 0.5),                  // q = 0.45, w = 0.45 · 1/2
            candidate(3, 400, 0.8, 0.9, 1.0, credits(100)),    // q = 0.80502, w = q/4
            candidate(4, 250, 0.25, 0.75, 0.6, credits(1000)), // q = 0.49696, w = q · 0.4
        };
        const CandidateSet set = built(market, Parameters());
        QCOMPARE(set.cheapestPrice(), Money::fromMicro(100));
        const std::vector<double> expected = {1.0, 0.225, 0.19878294825929763,
                                              0.2012547620805922}; // sorted by price
        for (qsizetype i = 0; i < set.size(); ++i)
            QVERIFY2(qAbs(set.weight(i) - expected[size_t(i)]) < 1e-15,
                     qPrintable(QString::number(set.weight(i), 'g', 17)));
        QVERIFY(qAbs(set.quality(3) - 0.8050190483223688) < 1e-15);
    }

    void alphaZeroIgnoresPrice()
    {
        Parameters p = performanceOnly(5);
        p.priceElasticityMilli = 0;
        const CandidateSet set =
            built({candidate(1, 100, 0.6, 0, 0), candidate(2, 900'000, 0.6, 0, 0)}, p);
        QCOMPARE(set.weight(0), 0.6);
        QCOMPARE(set.weight(1), 0.6);
    }

    void cheaperNodeGetsProportionallyMoreWeight_data()
    {
        QTest::addColumn<qint64>("alphaMilli");
        QTest::addColumn<double>("ratio");
        QTest::newRow("α = 1") << qint64(1000) << 3.0;
        QTest::newRow("α = 2") << qint64(2000) << 9.0;
        QTest::newRow("α = 0.5") << qint64(500) << std::sqrt(3.0);
    }
    void cheaperNodeGetsProportionallyMoreWeight()
    {
        QFETCH(qint64, alphaMilli);
        QFETCH(double, ratio);
        Parameters p = performanceOnly(5);
        p.priceElasticityMilli = alphaMilli;
        const CandidateSet set =
            built({candidate(1, 300, 0.5, 0, 0), candidate(2, 100, 0.5, 0, 0)}, p);
        QCOMPARE(set.candidate(0).node, nodeNumber(2)); // sorted by price
        QVERIFY(qAbs(set.weight(0) / set.weight(1) - ratio) < 1e-12);
    }

    void singleDrawFrequenciesMatchWeights()
    {
        // k = 1: P(i) = w_i / Σw. Chi-square over 200,000 draws, fixed seed; the 0.999 critical
        // value for 9 degrees of freedom is 27.877.
        const CandidateSet set = built(tenByWeight(), performanceOnly(1));
        constexpr int kDraws = 200'000;
        const std::vector<int> counts = pickCounts(set, Money::fromMicro(100), kDraws, 20240501);
        double chiSquare = 0.0;
        for (qsizetype i = 0; i < set.size(); ++i) {
            const double expected = kDraws * set.weight(i) / 5.5;
            const double d = counts[size_t(i)] - expected;
            chiSquare += d * d / expected;
        }
        qInfo("chi-square = %.3f (critical 27.877)", chiSquare);
        QVERIFY2(chiSquare < 27.877, qPrintable(QString::number(chiSquare)));
    }

    void inclusionAtK5IsMonotoneAndExact()
    {
        const CandidateSet set = built(tenByWeight(), performanceOnly(5));
        constexpr int kDraws = 100'000;
        const std::vector<int> counts = pickCounts(set, Money::fromMicro(100), kDraws, 7);
        const std::vector<double> exact = exactInclusion(set.weights(), 5);
        for (size_t i = 0; i < counts.size(); ++i) {
            const double f = double(counts[i]) / kDraws;
            const double sigma = std::sqrt(exact[i] * (1 - exact[i]) / kDraws);
            QVERIFY2(qAbs(f - exact[i]) < 5 * sigma,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(f).arg(exact[i])));
        }
        // The set is in node id order (equal prices); compare in weight order.
        std::vector<size_t> byWeight(counts.size());
        std::iota(byWeight.begin(), byWeight.end(), size_t(0));
        std::sort(byWeight.begin(), byWeight.end(), [&](size_t a, size_t b) {
            return set.weight(qsizetype(a)) < set.weight(qsizetype(b));
        });
        for (size_t r = 1; r < byWeight.size(); ++r)
            QVERIFY(counts[byWeight[r]] > counts[byWeight[r - 1]]);
    }

    void inclusionMatchesExactOverDecades()
    {
        // Weights from 1 down to 1e-3 (candidate i: 10^(-i/3)), k = 3: the exponential jumps
        // must skip small weights exactly as often as one key per candidate would.
        QList<Candidate> market;
        for (int i = 0; i < 10; ++i)
            market.append(candidate(i, 100, std::pow(10.0, -i / 3.0), 0, 0));
        const CandidateSet set = built(market, performanceOnly(3));
        constexpr int kDraws = 100'000;
        const std::vector<int> counts = pickCounts(set, Money::fromMicro(100), kDraws, 31);
        const std::vector<double> exact = exactInclusion(set.weights(), 3);
        for (size_t i = 0; i < counts.size(); ++i) {
            const double f = double(counts[i]) / kDraws;
            const double sigma = std::sqrt(exact[i] * (1 - exact[i]) / kDraws);
            QVERIFY2(qAbs(f - exact[i]) < 5 * sigma + 1e-9,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(f).arg(exact[i])));
        }
    }

    void picksKDistinctWithinTheMaximumPrice()
    {
        QList<Candidate> market;
        for (int i = 0; i < 40; ++i)
            market.append(candidate(i, 10 + i * 10, 0.2 + i / 100.0, 0.5, 0.9));
        const CandidateSet set = built(market, Parameters());
        SeededRandom random(3);
        for (int d = 0; d < 2000; ++d) {
            const QList<qsizetype> picked = Selection::pick(set, Money::fromMicro(205), random);
            QCOMPARE(picked.size(), 5);
            QCOMPARE(QSet<qsizetype>(picked.begin(), picked.end()).size(), 5);
            for (qsizetype index : picked)
                QVERIFY(set.candidate(index).pricePerQuery <= Money::fromMicro(205));
        }
    }

    void deterministicForASeedAndAnyInputOrder()
    {
        QList<Candidate> market;
        for (int i = 0; i < 200; ++i)
            market.append(candidate(i, 50 + (i * 37) % 100, (i % 10) / 10.0, 0.7, 0.8));
        QList<Candidate> reversed(market.rbegin(), market.rend());
        SeededRandom a(99), b(99), c(100);
        bool differs = false;
        for (int d = 0; d < 200; ++d) {
            const auto first = Selection::select(market, Parameters(), credits(1), a);
            const auto second = Selection::select(reversed, Parameters(), credits(1), b);
            const auto other = Selection::select(market, Parameters(), credits(1), c);
            QVERIFY(first.ok() && second.ok() && other.ok());
            QCOMPARE(first.value(), second.value());
            differs = differs || first.value() != other.value();
        }
        QVERIFY(differs);
    }

    void fewerThanKCandidatesGivesAllOfThem()
    {
        QList<Candidate> market = {candidate(1, 10, 0.5, 0.5, 0.5), candidate(2, 20, 0, 0, 0),
                                   candidate(3, 30, 0.9, 0.9, 0.9)};
        market.append(candidate(4, 5, 1, 1, 1));
        market.last().online = false;
        market.append(candidate(5, 5, 1, 1, 1));
        market.last().holdsContent = false;
        SeededRandom random(1);
        const auto picked = Selection::select(market, Parameters(), credits(1), random);
        QVERIFY(picked.ok());
        QCOMPARE(picked->size(), 3);
        QVERIFY(!picked->contains(nodeNumber(4)) && !picked->contains(nodeNumber(5)));
        QVERIFY(Selection::select(market, Parameters(), Money::fromMicro(9), random)->isEmpty());
    }

    void zeroWeightOnlyFillsPlacesPositiveWeightsLeave()
    {
        QList<Candidate> market;
        for (int i = 0; i < 3; ++i)
            market.append(candidate(i, 100, 0.5, 0, 0));
        for (int i = 3; i < 7; ++i)
            market.append(candidate(i, 100, 0.0, 0, 0));
        const CandidateSet few = built(market, performanceOnly(5));
        const std::vector<int> counts = pickCounts(few, credits(1), 4000, 5);
        for (size_t i = 0; i < counts.size(); ++i) {
            const bool positive = few.weight(qsizetype(i)) > 0;
            QVERIFY(positive ? counts[i] == 4000 : (counts[i] > 1500 && counts[i] < 2500));
        }
        for (int i = 7; i < 10; ++i)
            market.append(candidate(i, 100, 0.1, 0, 0));
        const CandidateSet enough = built(market, performanceOnly(5));
        const std::vector<int> never = pickCounts(enough, credits(1), 4000, 6);
        for (size_t i = 0; i < never.size(); ++i)
            QVERIFY(enough.weight(qsizetype(i)) > 0 || never[i] == 0);
    }

    void tinyWeightsStayNumericallySound()
    {
        // α = 10 over prices 1 µcr … 1 cr: weights down to 1e-60; keys stay finite and ordered.
        Parameters p;
        p.priceElasticityMilli = 10'000;
        QList<Candidate> market;
        for (int i = 0; i < 7; ++i)
            market.append(candidate(i, qint64(std::pow(10, i)), 0.9, 0.9, 0.9));
        const CandidateSet set = built(market, p);
        QVERIFY(set.weight(6) > 0.0 && set.weight(6) < 1e-50);
        const std::vector<int> counts = pickCounts(set, credits(1), 2000, 11);
        QCOMPARE(counts[0], 2000);
        QVERIFY(counts[5] == 0 && counts[6] == 0); // p ≈ 1e-10: never in practice
        QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 2000 * 5);
    }

    void refusesBadCandidates_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("reason");
        QTest::newRow("zero price") << 0 << QStringLiteral("at least 1 µcr");
        QTest::newRow("NaN performance") << 1 << QStringLiteral("not a number");
        QTest::newRow("infinite accuracy") << 2 << QStringLiteral("not a number");
        QTest::newRow("uptime above 1") << 3 << QStringLiteral("[0, 1]");
        QTest::newRow("negative stake") << 4 << QStringLiteral("negative bonded stake");
        QTest::newRow("listed twice") << 5 << QStringLiteral("listed twice");
        QTest::newRow("no id") << 6 << QStringLiteral("no node id");
    }
    void refusesBadCandidates()
    {
        QFETCH(int, which);
        QFETCH(QString, reason);
        QList<Candidate> market = {candidate(1, 10, 0.5, 0.5, 0.5), candidate(2, 20, .5, .5, .5)};
        Candidate &bad = market[1];
        switch (which) {
        case 0:
            bad.pricePerQuery = Money();
            break;
        case 1:
            bad.performance = std::numeric_limits<double>::quiet_NaN();
            break;
        case 2:
            bad.accuracy = std::numeric_limits<double>::infinity();
            break;
        case 3:
            bad.uptime = 1.5;
            break;
        case 4:
            bad.bondedStake = Money::fromMicro(-1);
            break;
        case 5:
            bad.node = market[0].node;
            break;
        default:
            bad.node = NodeId();
            break;
        }
        bad.online = false; // refused even when it would be filtered out
        const auto set = CandidateSet::build(market, Parameters());
        QVERIFY(!set.ok());
        QVERIFY2(set.error().contains(reason), qPrintable(set.error()));
    }

    void projectionMatchesExactEnumeration()
    {
        // Nine competitors and the own node: the projected inclusion against the exact one.
        const Parameters p = performanceOnly(5);
        QList<Candidate> market;
        SeededRandom random(17);
        for (int i = 0; i < 9; ++i)
            market.append(candidate(i, 100 + qint64(random.bounded(400)),
                                    0.05 + 0.95 * random.nextOpenUnit(), 0, 0));
        const Candidate own = candidate(100, 0, 0.7, 0, 0);
        const auto projection = PriceProjection::build(market, own, p, credits(1));
        QVERIFY(projection.ok());
        const CandidateSet competitors = built(market, p);
        for (qint64 price : {1, 50, 100, 180, 300, 1000, 100'000}) {
            std::vector<double> w = competitors.weights();
            w.push_back(
                Weighting::weight(0.7, Weighting::priceFactor(competitors.cheapestPrice(),
                                                              Money::fromMicro(price), 1000)));
            const double exact = exactInclusion(w, 5).back();
            const auto point = projection->at(Money::fromMicro(price), 1000);
            QVERIFY(point.ok());
            QVERIFY2(qAbs(point->selectionProbability - exact) < 1e-3,
                     qPrintable(QStringLiteral("price %1: %2 vs exact %3")
                                    .arg(price)
                                    .arg(point->selectionProbability)
                                    .arg(exact)));
            QVERIFY(qAbs(point->winShare - point->selectionProbability / 5) < 1e-15);
        }
    }

    void projectionMatchesSelectionAgainstAThousand()
    {
        const Parameters p;
        QList<Candidate> market;
        SeededRandom random(2024);
        for (int i = 0; i < 1000; ++i)
            market.append(candidate(i, 200 + qint64(random.bounded(5000)), random.nextOpenUnit(),
                                    random.nextOpenUnit(), random.nextOpenUnit(),
                                    Money::fromMicro(qint64(random.bounded(20'000'000'000)))));
        Candidate own = candidate(5000, 300, 0.9, 0.95, 0.99, credits(500));
        const auto projection = PriceProjection::build(market, own, p, credits(1));
        QVERIFY(projection.ok());
        const double projected = projection->at(own.pricePerQuery, 1)->selectionProbability;

        market.append(own);
        const CandidateSet set = built(market, p);
        qsizetype ownIndex = 0;
        while (set.candidate(ownIndex).node != own.node)
            ++ownIndex;
        constexpr int kDraws = 40'000;
        const double f = pickCounts(set, credits(1), kDraws, 8)[size_t(ownIndex)] / double(kDraws);
        const double sigma = std::sqrt(projected * (1 - projected) / kDraws);
        qInfo("projected %.5f, simulated %.5f (σ %.5f)", projected, f, sigma);
        QVERIFY(qAbs(f - projected) < 5 * sigma);
    }

    void winSharesOfAMarketAddUpToOne_data()
    {
        QTest::addColumn<qint64>("alphaMilli");
        QTest::addColumn<qint64>("priceStep");
        QTest::newRow("default") << qint64(1000) << qint64(37);
        QTest::newRow("α = 0") << qint64(0) << qint64(37);
        // Weights from 1 down to ~1e-60: the model's rescaling keeps its clocks finite.
        QTest::newRow("α = 10, prices over decades") << qint64(10'000) << qint64(0);
    }
    void winSharesOfAMarketAddUpToOne()
    {
        QFETCH(qint64, alphaMilli);
        QFETCH(qint64, priceStep);
        Parameters p;
        p.priceElasticityMilli = alphaMilli;
        QList<Candidate> market;
        for (int i = 0; i < 8; ++i) {
            const qint64 price = priceStep > 0 ? 100 + priceStep * i : qint64(std::pow(10, i));
            market.append(candidate(i, price, 0.3 + 0.08 * i, 0.9, 0.5 + 0.05 * i));
        }
        double total = 0.0;
        for (const Candidate &c : std::as_const(market)) {
            const auto projection = PriceProjection::build(market, c, p, credits(100));
            const double share = projection->at(c.pricePerQuery, 1)->winShare;
            QVERIFY(share >= 0.0 && share <= 0.2);
            total += share;
        }
        QVERIFY2(qAbs(total - 1.0) < 1e-3, qPrintable(QString::number(total, 'g', 10)));
    }

    void projectedMoneyIsIntegerAndRoundedDown()
    {
        const Parameters p; // half of each fee to the pool
        const QList<Candidate> market = {candidate(1, 100, 0.5, 0.5, 0.5),
                                         candidate(2, 120, 0.5, 0.5, 0.5)};
        const auto projection =
            PriceProjection::build(market, candidate(3, 0, 0.5, 0.5, 0.5), p, credits(1));
        // Fewer than k competitors: always raced, one of three racers.
        const auto point = projection->at(Money::fromMicro(101), 1000);
        QCOMPARE(point->selectionProbability, 1.0);
        QCOMPARE(point->winShare, 1.0 / 3);
        QCOMPARE(point->expectedFees, Money::fromMicro(33'666));     // ⌊1000/3 · 101⌋
        QCOMPARE(point->expectedEarnings, Money::fromMicro(16'666)); // ⌊1000/3 · 50⌋
        const auto tooDear = projection->at(credits(2), 1000);
        QVERIFY(!tooDear->withinCustomerMax);
        QCOMPARE(tooDear->expectedEarnings, Money());
        QVERIFY(!projection->at(Money(), 1000).ok());
        QVERIFY(!projection->at(Money::fromMicro(5), -1).ok());
    }

    void cheaperOwnPriceWinsMore()
    {
        QList<Candidate> market;
        for (int i = 0; i < 50; ++i)
            market.append(candidate(i, 100 + 10 * i, 0.5, 0.9, 0.9));
        const auto projection = PriceProjection::build(market, candidate(99, 0, 0.5, 0.9, 0.9),
                                                       Parameters(), credits(1));
        const auto curve =
            projection->curve({Money::fromMicro(50), Money::fromMicro(100), Money::fromMicro(200),
                               Money::fromMicro(400), Money::fromMicro(800)},
                              10'000);
        QVERIFY(curve.ok());
        for (qsizetype i = 1; i < curve->size(); ++i)
            QVERIFY(curve->at(i).winShare < curve->at(i - 1).winShare);
    }
};

QTEST_GUILESS_MAIN(TestSelection)
#include "test_selection.moc"
