#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <memory>

namespace streamsync::interfaces {

// What the console's charts and tables show of the market (DESIGN §9), as plain values the
// facade fills on its worker thread from a node database's ledger projections (docs/market.md).
// Money is integer µcr (`…Micro`); scores are in [0, 1]; times are ms since the Unix epoch.

// A time range picked in a view; toMs == 0 means "up to now", fromMs == 0 "from the start".
struct TimeRange
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

// One closed epoch of one node (or of all the operator's nodes added up).
struct EpochEarnings
{
    qint64 epoch = 0;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 feesMicro = 0;     // the operator's 50% share of fees served
    qint64 dividendMicro = 0; // co-op dividend
    qint64 subsidyMicro = 0;  // emission share
    QString closeEventHash;   // the epoch_close event that paid the dividend and subsidy (hex)
};

struct EarningsSeries
{
    QString nodeId; // empty: all of the operator's nodes
    QList<EpochEarnings> epochs;
    qint64 totalMicro = 0;         // all time, every source
    qint64 todayMicro = 0;         // since local midnight
    qint64 runningEpochMicro = 0;  // fees so far in the epoch that is not closed yet
    qint64 estimateEpochMicro = 0; // the running epoch at the current rate
    qint64 estimateMonthMicro = 0; // 30 days at the rate of the last closed epochs
    qint64 epochLengthMs = 0;
};

struct ReputationPoint
{
    qint64 timeMs = 0;
    qint64 epoch = 0;
    double performance = 0.0;
    double accuracy = 0.0;
    double uptime = 0.0;
    double stakeTerm = 0.0;
    double quality = 0.0; // the weighted sum DESIGN §3 selects by (before the price factor)
    bool suspended = false;
};

// What moved a score: one race report, audit report or probe result naming the node.
struct ReputationCause
{
    qint64 timeMs = 0;
    QString kind;    // "race_report", "audit_report"
    QString summary; // e.g. "raced 40, won 12, 1 SLA miss, 0 invalid"
    QString eventHash;
};

struct ReputationSeries
{
    QString nodeId;
    QList<ReputationPoint> points;
    QList<ReputationCause> causes;
    double suspensionThreshold = 0.0; // from the parameters, never a guess
};

struct UnbondingEntry
{
    qint64 amountMicro = 0;
    qint64 releaseMs = 0;
};

struct SlashRecord
{
    qint64 timeMs = 0;
    qint64 amountMicro = 0;
    QString reporter;  // short id
    QString proofHash; // hex
    QString eventHash; // hex
    QString proofText; // what the fraud proof shows, one paragraph
};

struct StakePoint
{
    qint64 timeMs = 0;
    qint64 bondedMicro = 0;
    qint64 unbondingMicro = 0;
};

struct StakeView
{
    QString nodeId;
    qint64 balanceMicro = 0;
    qint64 bondedMicro = 0;
    qint64 unbondingMicro = 0;
    qint64 minStakeMicro = 0;
    qint64 stakeCapMicro = 0;
    QList<UnbondingEntry> unbonding;
    QList<SlashRecord> slashes;
    QList<StakePoint> history;
};

// One offer of one node, current or historical.
struct OfferPoint
{
    QString nodeId;
    QString shortId;
    QString label; // operator-chosen name when known, else the short id
    qint64 timeMs = 0;
    qint64 offerSeq = 0;
    qint64 priceQueryMicro = 0;
    qint64 priceGbMonthMicro = 0;
    bool own = false; // one of this operator's nodes
};

struct PriceDistributionPoint
{
    qint64 epoch = 0;
    qint64 endMs = 0;
    qint64 minMicro = 0;
    qint64 medianMicro = 0;
    qint64 maxMicro = 0;
};

struct MarketView
{
    qint64 nowMs = 0;
    QList<OfferPoint> history;                  // every offer in the range, oldest first
    QList<OfferPoint> current;                  // each node's newest offer
    QList<PriceDistributionPoint> distribution; // per epoch
    qint64 medianMicro = 0;                     // of the current offers
    qint64 minAllowedMicro = 1;                 // the parameters' bounds for a query price
    qint64 maxAllowedMicro = 0;
    qint64 queriesPerEpoch = 0; // recent demand, from race reports
};

// The projected outcome of one candidate price (DESIGN §9), computed with the network's own
// selection code (core/market/PriceProjection).
struct PricePoint
{
    qint64 priceMicro = 0;
    bool allowed = false;
    QString whyNot; // when not allowed: which bound, in a sentence
    double winShare = 0.0;
    double expectedQueriesWon = 0.0;
    qint64 expectedEarningsMicro = 0; // per epoch, the operator's share
};

// A prepared projection over one market snapshot: cheap (µs) per point and thread-safe, so the
// GUI may call it on every mouse move while the price line is dragged.
class PriceCurve
{
public:
    virtual ~PriceCurve() = default;
    virtual PricePoint at(qint64 priceMicro) const = 0;
    virtual qint64 currentPriceMicro() const = 0;
};
using PriceCurvePtr = std::shared_ptr<const PriceCurve>;

// Fee revenue + subsidy per GB-month against the incumbent's price and the operator's own cost.
struct EconomicsPoint
{
    qint64 epoch = 0;
    qint64 endMs = 0;
    qint64 feesPerGbMonthMicro = 0;
    qint64 subsidyPerGbMonthMicro = 0;
};

struct CostAssumptions
{
    qint64 electricityPerMonthMicro = 0;
    qint64 diskPerGbMonthMicro = 0; // 0: disk already paid for
};

struct EconomicsView
{
    QList<EconomicsPoint> points;
    qint64 incumbentPerGbMonthMicro = 0;
    qint64 ownCostPerGbMonthMicro = 0;
    qint64 storedBytes = 0;
    qint64 epochLengthMs = 0; // the network's; 0 if not known
    // The operator's nodes store nothing yet: the points are the whole network's (every node's
    // fees and subsidy over the space its offers say is in use).
    bool wholeNetwork = false;
};

struct LogEntry
{
    QString author; // short id
    qint64 seq = 0;
    qint64 timeMs = 0;
    QString kind;
    QString summary;
    QString hash; // hex
};

struct Alert
{
    enum class Severity { Info, Warning, Critical };
    Severity severity = Severity::Warning;
    QString nodeId;
    QString kind; // "failed", "sla_misses", "accuracy", "disk", "slashed"
    QString text; // a sentence for the operator
    qint64 timeMs = 0;
};

} // namespace streamsync::interfaces

Q_DECLARE_METATYPE(streamsync::interfaces::Alert)
