#include "params/Parameters.h"

#include "crypto/Sha256.h"
#include "log/CanonicalCbor.h"

#include <QJsonDocument>
#include <QStringList>

#include <cmath>

namespace streamsync {

namespace {

struct IntegerField
{
    const char *name;
    qint64 Parameters::*member;
    qint64 min;
    qint64 max;
};

struct MoneyField
{
    const char *name;
    Money Parameters::*member;
    qint64 minMicro;
};

constexpr qint64 kDay = 24 * 3'600'000LL;
constexpr qint64 kYear = 366 * kDay;

// One table drives parsing, validation, JSON and the hash, so a new field cannot be forgotten in
// one of them. Keys are snake_case as they appear in a local network's JSON file.
const IntegerField kIntegerFields[] = {
    {"selection_k", &Parameters::selectionK, 1, 100},
    {"price_elasticity_milli", &Parameters::priceElasticityMilli, 0, 10'000},
    {"weight_performance_permille", &Parameters::weightPerformancePermille, 0, 1000},
    {"weight_accuracy_permille", &Parameters::weightAccuracyPermille, 0, 1000},
    {"weight_uptime_permille", &Parameters::weightUptimePermille, 0, 1000},
    {"weight_stake_permille", &Parameters::weightStakePermille, 0, 1000},
    {"sla_deadline_ms", &Parameters::slaDeadlineMs, 50, 600'000},
    {"fee_pool_share_bps", &Parameters::feePoolShareBps, 0, 10'000},
    {"epoch_length_ms", &Parameters::epochLengthMs, 1000, kYear},
    {"emission_halving_epochs", &Parameters::emissionHalvingEpochs, 1, 1'000'000'000},
    {"closer_timeout_ms", &Parameters::closerTimeoutMs, 100, kDay},
    {"unbonding_period_ms", &Parameters::unbondingPeriodMs, 0, kYear},
    {"slash_share_bps", &Parameters::slashShareBps, 0, 10'000},
    {"suspension_accuracy_permille", &Parameters::suspensionAccuracyPermille, 0, 1000},
    {"accuracy_forgetting_permille", &Parameters::accuracyForgettingPermille, 1, 999},
    {"reputation_window_ms", &Parameters::reputationWindowMs, 1000, kYear},
    {"replication", &Parameters::replication, 1, 50},
    {"max_chunk_bytes", &Parameters::maxChunkBytes, 4096, 16 << 20},
    {"max_event_bytes", &Parameters::maxEventBytes, 1024, 16 << 20},
};

const MoneyField kMoneyFields[] = {
    {"emission_per_epoch_ucr", &Parameters::emissionPerEpoch, 0},
    {"min_stake_ucr", &Parameters::minStake, 1},
    {"stake_cap_ucr", &Parameters::stakeCap, 1},
    {"max_price_per_query_ucr", &Parameters::maxPricePerQuery, 1},
    {"max_price_per_gb_month_ucr", &Parameters::maxPricePerGbMonth, 1},
    {"incumbent_price_per_gb_month_ucr", &Parameters::incumbentPricePerGbMonth, 1},
};

QString fieldName(const char *name)
{
    return QString::fromLatin1(name);
}

// JSON numbers are doubles: accept only exact integers that a double represents without loss.
std::optional<qint64> exactInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740992.0)
        return std::nullopt;
    return qint64(d);
}

// Money may be written as integer µcr or as text such as "12.5 cr".
std::optional<Money> moneyFromJson(const QJsonValue &value)
{
    if (value.isString()) {
        const auto parsed = Money::parse(value.toString());
        return parsed ? std::optional<Money>(parsed.value()) : std::nullopt;
    }
    const auto micro = exactInteger(value);
    return micro ? std::optional<Money>(Money::fromMicro(*micro)) : std::nullopt;
}

void applyFields(const QJsonObject &object, Parameters &p, QStringList &problems)
{
    for (const IntegerField &f : kIntegerFields) {
        if (!object.contains(fieldName(f.name)))
            continue;
        const auto value = exactInteger(object.value(fieldName(f.name)));
        if (!value)
            problems << QStringLiteral("'%1' must be a whole number").arg(fieldName(f.name));
        else
            p.*f.member = *value;
    }
    for (const MoneyField &f : kMoneyFields) {
        if (!object.contains(fieldName(f.name)))
            continue;
        const auto value = moneyFromJson(object.value(fieldName(f.name)));
        if (!value)
            problems << QStringLiteral(
                            "'%1' must be an amount in µcr (a whole number) or text such "
                            "as \"12.5 cr\"")
                            .arg(fieldName(f.name));
        else
            p.*f.member = *value;
    }
}

QStringList unknownKeys(const QJsonObject &object)
{
    QStringList known;
    for (const IntegerField &f : kIntegerFields)
        known << fieldName(f.name);
    for (const MoneyField &f : kMoneyFields)
        known << fieldName(f.name);
    QStringList problems;
    for (const QString &key : object.keys()) {
        if (!known.contains(key))
            problems << QStringLiteral("unknown field '%1'").arg(key);
    }
    return problems;
}

QStringList rangeProblems(const Parameters &p)
{
    QStringList problems;
    for (const IntegerField &f : kIntegerFields) {
        const qint64 v = p.*f.member;
        if (v < f.min || v > f.max)
            problems << QStringLiteral("'%1' is %2 but must be from %3 to %4")
                            .arg(fieldName(f.name))
                            .arg(v)
                            .arg(f.min)
                            .arg(f.max);
    }
    for (const MoneyField &f : kMoneyFields) {
        if ((p.*f.member).micro() < f.minMicro)
            problems << QStringLiteral("'%1' is %2 but must be at least %3 µcr")
                            .arg(fieldName(f.name), (p.*f.member).toString())
                            .arg(f.minMicro);
    }
    return problems;
}

QStringList consistencyProblems(const Parameters &p)
{
    QStringList problems;
    const qint64 weightSum = p.weightPerformancePermille + p.weightAccuracyPermille +
                             p.weightUptimePermille + p.weightStakePermille;
    if (weightSum != 1000)
        problems << QStringLiteral("the four quality weights must add up to 1000 per mille, not %1")
                        .arg(weightSum);
    if (p.stakeCap <= p.minStake)
        problems << QStringLiteral("'stake_cap_ucr' must be greater than 'min_stake_ucr'");
    return problems;
}

Result<void> report(const QStringList &problems)
{
    if (problems.isEmpty())
        return {};
    return fail(QStringLiteral("invalid network parameters: ") +
                problems.join(QStringLiteral("; ")));
}

} // namespace

Result<Parameters> Parameters::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(QStringLiteral("network parameters are not valid JSON at offset %1: %2")
                        .arg(error.offset)
                        .arg(error.errorString()));
    if (!doc.isObject())
        return fail(QStringLiteral("network parameters must be a JSON object"));

    Parameters p;
    QStringList problems = unknownKeys(doc.object());
    applyFields(doc.object(), p, problems);
    if (problems.isEmpty())
        problems << rangeProblems(p) << consistencyProblems(p);
    if (auto r = report(problems); !r)
        return Error{r.error()};
    return p;
}

Result<void> Parameters::validate() const
{
    return report(rangeProblems(*this) + consistencyProblems(*this));
}

QJsonObject Parameters::toJson() const
{
    QJsonObject object;
    for (const IntegerField &f : kIntegerFields)
        object.insert(fieldName(f.name), double(this->*f.member));
    for (const MoneyField &f : kMoneyFields)
        object.insert(fieldName(f.name), double((this->*f.member).micro()));
    return object;
}

QCborMap Parameters::toCbor() const
{
    QCborMap map;
    for (const IntegerField &f : kIntegerFields)
        map.insert(fieldName(f.name), this->*f.member);
    for (const MoneyField &f : kMoneyFields)
        map.insert(fieldName(f.name), (this->*f.member).micro());
    return map;
}

QByteArray Parameters::hash() const
{
    // Integers only, so the canonical encoding cannot fail.
    return sha256(cbor::encode(toCbor()).value());
}

} // namespace streamsync
