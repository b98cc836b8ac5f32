#pragma once

#include "money/Money.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QJsonObject>

namespace streamsync {

// The network's constitution (DESIGN §3): every rule every node applies. All values are integers
// (fractions in per-mille or basis points, money in µcr) so the canonical encoding, and with it
// the hash two nodes compare in their hello, is exact. A local network may override fields from
// JSON; a node never changes them alone.
struct Parameters
{
    // Selection and racing
    qint64 selectionK = 5;
    qint64 priceElasticityMilli = 1000; // α = 1.0
    qint64 weightPerformancePermille = 400;
    qint64 weightAccuracyPermille = 300;
    qint64 weightUptimePermille = 200;
    qint64 weightStakePermille = 100;
    qint64 slaDeadlineMs = 2000;
    // Fees, co-op and subsidy
    qint64 feePoolShareBps = 5000; // 50% of each fee to the protocol pool
    qint64 epochLengthMs = 3'600'000;
    Money emissionPerEpoch = Money::fromMicro(1000 * Money::kMicroPerCredit);
    qint64 emissionHalvingEpochs = 8760; // one year of hourly epochs
    qint64 closerTimeoutMs = 10'000;
    // Stake and reputation
    Money minStake = Money::fromMicro(100 * Money::kMicroPerCredit);
    Money stakeCap = Money::fromMicro(10'000 * Money::kMicroPerCredit);
    qint64 unbondingPeriodMs = 7 * 24 * 3'600'000LL;
    qint64 slashShareBps = 1000; // 10%
    qint64 suspensionAccuracyPermille = 600;
    qint64 accuracyForgettingPermille = 950; // λ = 0.95
    qint64 reputationWindowMs = 24 * 3'600'000LL;
    // Prices
    Money maxPricePerQuery = Money::fromMicro(Money::kMicroPerCredit);
    Money maxPricePerGbMonth = Money::fromMicro(100 * Money::kMicroPerCredit);
    // A large cloud object store's list price, for the Economics view (DESIGN §9).
    Money incumbentPricePerGbMonth = Money::fromMicro(23'000);
    // Storage and the log
    qint64 replication = 3;
    qint64 maxChunkBytes = 1 << 20;
    qint64 maxEventBytes = 64 * 1024;

    static Parameters defaults() { return {}; }
    // Starts from the defaults and applies the fields the JSON names. Every bad or unknown field
    // is named in one error, so a hand-written file can be fixed in one go.
    static Result<Parameters> fromJson(const QByteArray &json);
    Result<void> validate() const;

    QJsonObject toJson() const;
    QCborMap toCbor() const;
    // SHA-256 of the canonical CBOR of every field: equal hashes mean equal rules.
    QByteArray hash() const;
};

} // namespace streamsync
