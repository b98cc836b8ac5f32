#include "market/AccuracyScore.h"
#include "market/Reputation.h"
#include "market/SeededRandom.h"

#include <QTest>

#include <cmath>

using namespace streamsync;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
using Obs = ReputationObservation;

ReputationSnapshot snapshotOf(const QList<Obs> &observations, const Parameters &p = Parameters(),
                              Money stake = Money())
{
    const auto s = Reputation::compute(observations, stake, kNow, p);
    if (!s)
        qFatal("%s", qPrintable(s.error()));
    return s.value();
}

// The same fold in doubles, written from the formula: a ← λa + v, b ← λb + (1 − v), a0 = b0 = 1.
double betaScore(const QList<bool> &outcomes, double lambda)
{
    double a = 1.0, b = 1.0;
    for (bool v : outcomes) {
        a = lambda * a + (v ? 1.0 : 0.0);
        b = lambda * b + (v ? 0.0 : 1.0);
    }
    return a / (a + b);
}

// A node's mixed record over the last hours, drawn from a seed.
QList<Obs> mixedRecord(quint64 seed, int count)
{
    SeededRandom random(seed);
    QList<Obs> out;
    for (int i = 0; i < count; ++i) {
        const qint64 t = kNow - qint64(random.bounded(20 * 3'600'000));
        switch (random.bounded(4)) {
        case 0:
            out.append(Obs::response(t, qint64(random.bounded(2500)), random.bounded(10) > 0));
            break;
        case 1:
            out.append(Obs::slaMiss(t));
            break;
        case 2:
            out.append(Obs::audit(t, random.bounded(10) > 1));
            break;
        default:
            out.append(Obs::probe(t, random.bounded(10) > 0));
            break;
        }
    }
    return out;
}

} // namespace

class TestReputation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void priorIsOneOneAndForgettingFollowsTheFormula()
    {
        AccuracyScore score;
        QCOMPARE(score.score(), 0.5);
        score.observe(true, 950); // a = 0.95 + 1, b = 0.95
        QCOMPARE(score.alphaFixed(), 1'950'000'000);
        QCOMPARE(score.betaFixed(), 950'000'000);
        QCOMPARE(score.permille(), 672); // 1.95 / 2.9 = 0.6724…

        QList<bool> outcomes;
        SeededRandom random(5);
        AccuracyScore fixed;
        for (int i = 0; i < 500; ++i) {
            outcomes.append(random.bounded(5) > 0);
            fixed.observe(outcomes.last(), 950);
            QVERIFY(qAbs(fixed.score() - betaScore(outcomes, 0.95)) < 1e-8);
        }
    }

    void steadyStateIsOneOverOneMinusLambda()
    {
        AccuracyScore score;
        for (int i = 0; i < 2000; ++i)
            score.observe(true, 950);
        // a → 1/(1 − λ) = 20; b → 0 (the prior forgotten).
        QVERIFY(qAbs(score.alphaFixed() - 20 * AccuracyScore::kUnit) < 1000);
        QCOMPARE(score.betaFixed(), 0);
        // From there, ten straight failures keep it above 0.6 and the eleventh does not:
        // 0.95^10 = 0.599 < 0.6 < 0.95^9, as the closed form a = 20·λ^m, b = 20·(1 − λ^m) says.
        for (int m = 1; m <= 10; ++m) {
            score.observe(false, 950);
            QCOMPARE(score.isBelowPermille(600), m == 10);
        }
    }

    void suspensionThresholdIsExact()
    {
        // Accuracy from a single outcome on the prior: success 1.95/2.9 = 0.6724, failure
        // 0.95/2.9 = 0.3276. With the threshold at 672 ‰ a success stays, at 673 ‰ it does not.
        Parameters p;
        p.suspensionAccuracyPermille = 672;
        QVERIFY(!snapshotOf({Obs::audit(kNow, true)}, p).suspended);
        p.suspensionAccuracyPermille = 673;
        QVERIFY(snapshotOf({Obs::audit(kNow, true)}, p).suspended);
        QVERIFY(snapshotOf({Obs::audit(kNow, false)}).suspended);
        // No evidence: the prior's 0.5 is below 0.6 but proves nothing.
        const ReputationSnapshot fresh = snapshotOf({Obs::probe(kNow, true)});
        QCOMPARE(fresh.accuracySamples, 0);
        QVERIFY(!fresh.suspended);
    }

    void performanceFromP90()
    {
        // Ten races at 100…1000 ms: nearest-rank p90 is 900 ms; 1 − 900/2000 = 0.55.
        QList<Obs> races;
        for (int i = 1; i <= 10; ++i)
            races.append(Obs::response(kNow - i, i * 100, true));
        const ReputationSnapshot s = snapshotOf(races);
        QCOMPARE(s.p90LatencyMs, 900);
        QCOMPARE(s.performance, 0.55);
        QCOMPARE(s.raceSamples, 10);
        // Two SLA misses push p90 to the deadline: performance 0.
        races << Obs::slaMiss(kNow) << Obs::slaMiss(kNow);
        QCOMPARE(snapshotOf(races).performance, 0.0);
        QCOMPARE(Reputation::performanceFromP90(5000, 2000), 0.0);
        QCOMPARE(Reputation::performanceFromP90(0, 2000), 1.0);
    }

    void uptimeIsTheShareOfProbesAnsweredInTheWindow()
    {
        const qint64 window = Parameters().reputationWindowMs;
        const QList<Obs> probes = {
            Obs::probe(kNow, true),           Obs::probe(kNow - 1, true),
            Obs::probe(kNow - 2, false),      Obs::probe(kNow - 3, true),
            Obs::probe(kNow - window, false), // just outside the window
            Obs::probe(kNow + 1, false),      // not yet
        };
        const ReputationSnapshot s = snapshotOf(probes);
        QCOMPARE(s.probes, 4);
        QCOMPARE(s.uptime, 0.75);
    }

    void termsWithoutEvidenceAreNeutral()
    {
        const ReputationSnapshot s = snapshotOf({});
        QCOMPARE(s.performance, 0.5);
        QCOMPARE(s.accuracy, 0.5);
        QCOMPARE(s.uptime, 0.5);
        QCOMPARE(s.p90LatencyMs, -1);
        QVERIFY(!s.suspended);
        const Money stake = Money::fromMicro(10'000 * Money::kMicroPerCredit);
        QCOMPARE(snapshotOf({}, Parameters(), stake).stakeTerm, 1.0);
    }

    void slaMissCostsPerformanceNotAccuracy()
    {
        const ReputationSnapshot s = snapshotOf({Obs::slaMiss(kNow), Obs::slaMiss(kNow - 5)});
        QCOMPARE(s.accuracySamples, 0);
        QCOMPARE(s.performance, 0.0);
        // An answer that did not verify costs both.
        const ReputationSnapshot bad = snapshotOf({Obs::response(kNow, 10, false)});
        QCOMPARE(bad.accuracySamples, 1);
        QCOMPARE(bad.performance, 0.0);
    }

    void twoObserversAgree()
    {
        // Same observations, delivered in different orders, with duplicates of equal facts.
        QList<Obs> first = mixedRecord(77, 3000);
        first += first.mid(0, 40);
        QList<Obs> second = first;
        SeededRandom random(1);
        for (qsizetype i = second.size() - 1; i > 0; --i)
            second.swapItemsAt(i, qsizetype(random.bounded(quint64(i + 1))));
        const Money stake = Money::fromMicro(250 * Money::kMicroPerCredit);
        QCOMPARE(snapshotOf(first, Parameters(), stake), snapshotOf(second, Parameters(), stake));
    }

    void refusesBadInput()
    {
        QVERIFY(!Reputation::compute({Obs::response(kNow, -1, true)}, Money(), kNow, Parameters())
                     .ok());
        QVERIFY(!Reputation::compute({}, Money::fromMicro(-1), kNow, Parameters()).ok());
    }
};

QTEST_GUILESS_MAIN(TestReputation)
#include "test_reputation.moc"
