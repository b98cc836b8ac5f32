// The market rules' speed: selection of k = 5 among 10,000 candidates (target ≤ 50 µs per
// selection) and price projection against 1,000 competitors (target ≤ 1 ms per point). Prints
// medians of repeated rounds; never fails. `bench_selection [CANDIDATES] [COMPETITORS]`.
#include "market/CandidateSet.h"
#include "market/PriceProjection.h"
#include "market/SeededRandom.h"
#include "market/Selection.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using namespace streamsync;

namespace {

constexpr int kRounds = 21;

QList<Candidate> market(int count, quint64 seed)
{
    SeededRandom random(seed);
    QList<Candidate> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        Candidate c;
        c.node = NodeId::fromPublicKey(QByteArray::number(i));
        c.pricePerQuery = Money::fromMicro(100 + qint64(random.bounded(10'000)));
        c.performance = random.nextOpenUnit();
        c.accuracy = 0.5 + 0.5 * random.nextOpenUnit();
        c.uptime = 0.8 + 0.2 * random.nextOpenUnit();
        c.bondedStake = Money::fromMicro(qint64(random.bounded(20'000'000'000)));
        out.append(c);
    }
    return out;
}

// Median over kRounds of the nanoseconds one call of `work` takes, each round timing `perRound`
// calls together so that the timer's own cost does not count.
double medianNs(int perRound, const std::function<void()> &work)
{
    std::vector<double> rounds;
    QElapsedTimer timer;
    for (int r = 0; r < kRounds; ++r) {
        timer.start();
        for (int i = 0; i < perRound; ++i)
            work();
        rounds.push_back(double(timer.nsecsElapsed()) / perRound);
    }
    std::nth_element(rounds.begin(), rounds.begin() + kRounds / 2, rounds.end());
    return rounds[kRounds / 2];
}

void benchSelection(int count)
{
    const Parameters params;
    const QList<Candidate> candidates = market(count, 1);
    const double buildNs = medianNs(1, [&] { (void)CandidateSet::build(candidates, params); });
    const CandidateSet set = CandidateSet::build(candidates, params).value();
    SeededRandom random(2);
    qsizetype sink = 0;
    const double pickNs = medianNs(
        2000, [&] { sink += Selection::pick(set, params.maxPricePerQuery, random).first(); });
    std::printf("selection, k=%lld of %d: %.2f µs per selection (median of %d rounds); "
                "CandidateSet build %.2f ms, once per content\n",
                qlonglong(params.selectionK), count, pickNs / 1e3, kRounds, buildNs / 1e6);
    if (sink < 0)
        std::printf("unreachable\n");
}

void benchProjection(int count)
{
    const Parameters params;
    const QList<Candidate> competitors = market(count, 3);
    Candidate own = competitors.first();
    own.node = NodeId::fromPublicKey(QByteArrayLiteral("own"));
    const auto projection = [&] {
        return PriceProjection::build(competitors, own, params, params.maxPricePerQuery).value();
    };
    const double buildNs = medianNs(5, [&] { (void)projection(); });
    const PriceProjection built = projection();
    qint64 price = 0;
    double sink = 0;
    const double pointNs = medianNs(1000, [&] {
        price = price % 20'000 + 17;
        sink += built.at(Money::fromMicro(price), 100'000)->winShare;
    });
    const double firstNs =
        medianNs(5, [&] { sink += projection().at(Money::fromMicro(500), 100'000)->winShare; });
    std::printf("projection against %d competitors: %.4f ms per point on a prepared market; "
                "%.3f ms to prepare a market; %.3f ms for a first point (prepare + point); "
                "%.3f ms per point on a 100-point curve\n",
                count, pointNs / 1e6, buildNs / 1e6, firstNs / 1e6,
                (buildNs + 100 * pointNs) / 100 / 1e6);
    if (sink < 0)
        std::printf("unreachable\n");
}

} // namespace

int main(int argc, char **argv)
{
    const int candidates = argc > 1 ? std::atoi(argv[1]) : 10'000;
    const int competitors = argc > 2 ? std::atoi(argv[2]) : 1'000;
    benchSelection(candidates);
    benchProjection(competitors);
    return 0;
}
