#pragma once

// Plausible, deterministic market data for the console's widget tests and the view gallery:
// a few competitors with different pricing habits, hourly epochs, scores that drift. Only the
// shapes matter (one point, a day, a year); the numbers follow the default parameters.

#include "interfaces/MarketData.h"

#include <QList>
#include <QString>

#include <algorithm>
#include <cmath>
#include <memory>

namespace streamsync::test {

using namespace streamsync::interfaces;

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;

// A small linear congruential generator: the same sequence on every machine.
class Lcg
{
public:
    explicit Lcg(quint64 seed) : m_state(seed) {}
    double next()
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(m_state >> 11) / double(1ULL << 53);
    }

private:
    quint64 m_state;
};

// A projection with the shape of the real one: the share falls as the price rises past the
// median; prices outside [min, max] are refused with the bound named.
class TestPriceCurve final : public PriceCurve
{
public:
    TestPriceCurve(qint64 current, qint64 median, qint64 min, qint64 max, qint64 queries)
        : m_current(current), m_median(median), m_min(min), m_max(max), m_queries(queries)
    {}

    PricePoint at(qint64 price) const override
    {
        PricePoint p;
        p.priceMicro = price;
        p.allowed = price >= m_min && price <= m_max;
        if (price < m_min)
            p.whyNot = QStringLiteral("under the minimum price of %1 µcr/query").arg(m_min);
        else if (price > m_max)
            p.whyNot = QStringLiteral("above the maximum price of %1 µcr/query").arg(m_max);
        const double ratio = double(std::max<qint64>(price, 1)) / double(m_median);
        p.winShare = std::clamp(0.5 / (ratio * ratio), 0.0, 1.0) * 0.2 * 5;
        p.winShare = std::min(p.winShare, 1.0);
        p.expectedQueriesWon = p.winShare * double(m_queries);
        p.expectedEarningsMicro = qint64(p.expectedQueriesWon * double(price) / 2.0);
        return p;
    }
    qint64 currentPriceMicro() const override { return m_current; }

private:
    qint64 m_current, m_median, m_min, m_max, m_queries;
};

inline OfferPoint offer(const QString &id, const QString &label, qint64 timeMs, qint64 seq,
                        qint64 price, bool own)
{
    OfferPoint o;
    o.nodeId = id;
    o.shortId = id.left(8).toUpper();
    o.label = label;
    o.timeMs = timeMs;
    o.offerSeq = seq;
    o.priceQueryMicro = price;
    o.priceGbMonthMicro = 20'000;
    o.own = own;
    return o;
}

// `nodes` nodes (the first one ours) re-pricing every few hours over `spanMs` up to `nowMs`.
inline MarketView sampleMarket(qint64 nowMs, qint64 spanMs, int nodes = 6,
                               qint64 maxAllowed = 1'000'000)
{
    static const char *names[] = {"desk",     "cheap-fast", "steady", "undercut",
                                  "premium",  "night-owl",  "garage", "rack-7",
                                  "basement", "attic",      "campus", "cloudlet"};
    MarketView m;
    m.nowMs = nowMs;
    m.minAllowedMicro = 1;
    m.maxAllowedMicro = maxAllowed;
    m.queriesPerEpoch = 1200;
    Lcg rng(42);
    const qint64 step = std::max<qint64>(spanMs / 12, kHourMs / 4);
    for (int n = 0; n < nodes; ++n) {
        const QString id = QStringLiteral("%1node%2").arg(n, 2, 10, QLatin1Char('0')).arg(n);
        const QString label = QLatin1String(names[n % 12]);
        double price = 80 + 15 * n + 20 * rng.next();
        qint64 seq = 1;
        for (qint64 t = nowMs - spanMs + qint64(rng.next() * step); t < nowMs; t += step) {
            price = std::max(10.0, price * (0.9 + 0.2 * rng.next()));
            m.history.append(offer(id, label, t, seq++, qint64(price), n == 0));
        }
        if (seq == 1)
            m.history.append(offer(id, label, nowMs - spanMs / 2, seq++, qint64(price), n == 0));
        m.current.append(m.history.constLast());
    }
    std::sort(m.history.begin(), m.history.end(),
              [](const OfferPoint &a, const OfferPoint &b) { return a.timeMs < b.timeMs; });
    QList<qint64> prices;
    for (const OfferPoint &o : m.current)
        prices.append(o.priceQueryMicro);
    std::sort(prices.begin(), prices.end());
    m.medianMicro = prices.at(prices.size() / 2);
    for (qint64 t = nowMs - spanMs; t < nowMs; t += std::max<qint64>(kHourMs, spanMs / 48))
        m.distribution.append({t / kHourMs, t, prices.first(),
                               m.medianMicro + qint64(rng.next() * 6) - 3, prices.last()});
    return m;
}

inline std::shared_ptr<const PriceCurve> sampleCurve(const MarketView &m)
{
    qint64 own = m.current.isEmpty() ? 100 : m.current.constFirst().priceQueryMicro;
    return std::make_shared<TestPriceCurve>(own, std::max<qint64>(m.medianMicro, 1),
                                            m.minAllowedMicro, m.maxAllowedMicro,
                                            m.queriesPerEpoch);
}

inline EarningsSeries sampleEarnings(qint64 nowMs, int epochs)
{
    EarningsSeries s;
    s.epochLengthMs = kHourMs;
    Lcg rng(7);
    const qint64 lastEnd = nowMs / kHourMs * kHourMs;
    for (int i = 0; i < epochs; ++i) {
        EpochEarnings e;
        e.epoch = 10'000 - epochs + i;
        e.endMs = lastEnd - qint64(epochs - 1 - i) * kHourMs;
        e.startMs = e.endMs - kHourMs;
        const double wave = 1.0 + 0.5 * std::sin(i / 24.0 * 6.283);
        e.feesMicro = qint64((40'000 + 30'000 * rng.next()) * wave);
        e.dividendMicro = qint64(15'000 + 10'000 * rng.next());
        e.subsidyMicro =
            qint64(60'000 * std::pow(0.5, double(i) / 8760.0) * (0.8 + 0.4 * rng.next()));
        e.closeEventHash = QStringLiteral("%1")
                               .arg(quint64(rng.next() * 1e18), 16, 16, QLatin1Char('0'))
                               .repeated(4);
        s.totalMicro += e.feesMicro + e.dividendMicro + e.subsidyMicro;
        s.epochs.append(e);
    }
    s.todayMicro = 1'234'567;
    s.runningEpochMicro = 45'678;
    s.estimateEpochMicro = 98'765;
    s.estimateMonthMicro = 87'654'321;
    return s;
}

inline ReputationSeries sampleReputation(qint64 nowMs, int points)
{
    ReputationSeries r;
    r.suspensionThreshold = 0.6;
    Lcg rng(11);
    double acc = 0.9, perf = 0.7, up = 0.95;
    for (int i = 0; i < points; ++i) {
        ReputationPoint p;
        p.timeMs = nowMs - qint64(points - 1 - i) * kHourMs;
        p.epoch = i;
        acc = std::clamp(acc + (rng.next() - 0.52) * 0.04, 0.45, 1.0);
        perf = std::clamp(perf + (rng.next() - 0.5) * 0.05, 0.3, 1.0);
        up = std::clamp(up + (rng.next() - 0.45) * 0.02, 0.7, 1.0);
        p.accuracy = acc;
        p.performance = perf;
        p.uptime = up;
        p.stakeTerm = 0.35;
        p.quality = 0.4 * perf + 0.3 * acc + 0.2 * up + 0.1 * p.stakeTerm;
        p.suspended = acc < 0.6;
        r.points.append(p);
    }
    for (int i = 0; i < std::min(points, 40); ++i)
        r.causes.append({nowMs - i * kHourMs,
                         i % 3 ? QStringLiteral("race_report") : QStringLiteral("audit_report"),
                         i % 3 ? QStringLiteral("raced 40, won %1, %2 SLA miss, 0 invalid")
                                     .arg(10 + i % 7)
                                     .arg(i % 2)
                               : QStringLiteral("audits 4, passed 4, probes 12, answered 12"),
                         QStringLiteral("ab%1").arg(i, 62, 16, QLatin1Char('c'))});
    return r;
}

inline StakeView sampleStake(qint64 nowMs, int points)
{
    StakeView s;
    s.balanceMicro = 250'000'000;
    s.minStakeMicro = 100'000'000;
    s.stakeCapMicro = 10'000'000'000;
    qint64 bonded = 0;
    for (int i = 0; i < points; ++i) {
        bonded += (i % 5 == 0) ? 50'000'000 : 0;
        s.history.append(
            {nowMs - qint64(points - i) * 6 * kHourMs, bonded, i > points / 2 ? 40'000'000 : 0});
    }
    s.bondedMicro = bonded;
    s.unbondingMicro = points > 2 ? 40'000'000 : 0;
    if (points > 2) {
        s.unbonding.append({25'000'000, nowMs + 2 * kDayMs + 3 * kHourMs + 14 * 60'000 + 5'000});
        s.unbonding.append({15'000'000, nowMs + 5 * kDayMs});
        s.slashes.append({nowMs - 3 * kDayMs, 5'000'000, QStringLiteral("K7Q2-MX4P"),
                          QStringLiteral("9f").repeated(32), QStringLiteral("a1").repeated(32),
                          QStringLiteral("The node signed chunk 17 of object 3fa9… with leaf hash "
                                         "c0de…, but the Merkle path proves leaf hash 51a7…: "
                                         "it answered with data it does not hold.")});
    }
    return s;
}

inline EconomicsView sampleEconomics(qint64 nowMs, int epochs)
{
    EconomicsView e;
    e.incumbentPerGbMonthMicro = 23'000;
    e.ownCostPerGbMonthMicro = 9'000;
    e.epochLengthMs = kHourMs;
    e.storedBytes = 48'000'000'000;
    Lcg rng(5);
    for (int i = 0; i < epochs; ++i)
        e.points.append({i, nowMs - qint64(epochs - 1 - i) * kHourMs,
                         qint64(9'000 + 4'000 * rng.next()), qint64(6'000 + 2'000 * rng.next())});
    return e;
}

inline QList<LogEntry> sampleLog(qint64 nowMs, int count)
{
    static const char *kinds[] = {"offer",       "race_report", "payment_voucher",
                                  "epoch_close", "bond",        "audit_report"};
    QList<LogEntry> out;
    for (int i = 0; i < count; ++i)
        out.append({QStringLiteral("N%1X-7QK2").arg(i % 5), i / 5 + 1, nowMs - i * 60'000,
                    QLatin1String(kinds[i % 6]),
                    QStringLiteral("%1 #%2").arg(QLatin1String(kinds[i % 6])).arg(i),
                    QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('e'))});
    return out;
}

inline NodeSummary sampleNode(const QString &id, const QString &name)
{
    NodeSummary n;
    n.id = id;
    n.shortId = id.left(8).toUpper();
    n.name = name;
    n.folder = QStringLiteral("/srv/streamsync/") + name;
    n.quotaBytes = 500'000'000'000;
    n.usedBytes = 123'000'000'000;
    n.state = LifecycleState::Online;
    return n;
}

inline NodeSummary sampleNode(const char *id, const char *name)
{
    return sampleNode(QString::fromLatin1(id), QString::fromLatin1(name));
}

} // namespace streamsync::test
