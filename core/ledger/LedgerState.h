#pragma once

#include "ledger/EpochCloseBody.h"
#include "log/Event.h"
#include "market/ReputationObservation.h"
#include "money/Money.h"
#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QString>

#include <optional>
#include <tuple>

namespace streamsync {

// Where an operator's earnings come from (DESIGN §9 Earnings view).
enum class EarningSource { Fees, Dividend, Subsidy };
QString earningSourceName(EarningSource source); // "fees", "dividend", "subsidy"

struct EarningKey
{
    QByteArray node;
    qint64 epoch = 0;
    EarningSource source = EarningSource::Fees;
    friend bool operator<(const EarningKey &a, const EarningKey &b)
    {
        return std::tie(a.node, a.epoch, a.source) < std::tie(b.node, b.epoch, b.source);
    }
};

// What vouchers already paid for one (customer, node, epoch): later vouchers pay the difference.
struct VoucherKey
{
    QByteArray customer;
    QByteArray node;
    qint64 epoch = 0;
    friend bool operator<(const VoucherKey &a, const VoucherKey &b)
    {
        return std::tie(a.customer, a.node, a.epoch) < std::tie(b.customer, b.node, b.epoch);
    }
};
struct PaidVoucher
{
    qint64 queries = 0;
    Money amount;
};

struct UnbondingEntry
{
    QByteArray node;
    Money amount;
    qint64 releaseMs = 0;
    QByteArray eventHash; // the unbond event's
};

struct OfferRecord
{
    qint64 offerSeq = 0;
    qint64 timeMs = 0;
    Money priceQuery;
    Money priceGbMonth;
    qint64 freeBytes = 0;
    QByteArray eventHash;
};

struct NodeInfo
{
    QString name;
    QByteArray announcer; // the author of the first node_announce naming the node
    qint64 quotaBytes = 0;
    bool announced = false;
    std::optional<LifecycleState> state; // from the last lifecycle_change, if any
    qint64 stateSinceMs = 0;
};

// A slash and the event that proved it: a `slash` event, or an epoch close with wrong payouts.
struct SlashRecord
{
    QByteArray node;
    Money amount;
    qint64 timeMs = 0;
    qint64 epoch = 0; // the partition it was folded in
    QString reason;
};

struct RefusalRecord
{
    QByteArray author;
    qint64 seq = 0;
    QString kind;
    QString reason;
};

// An accepted epoch close.
struct CloseRecord
{
    qint64 epoch = 0;
    QByteArray hash;
    QByteArray closer;
    int rank = 0;
    qint64 timeMs = 0;
    Event::Deps frontier;
    Payouts payouts;
    Money feesServed; // gross fees of the partition
};

// Everything the fold of docs/market.md computes, as plain values. Qt's containers share their
// data until written, so the ledger keeps one of these per accepted close (a checkpoint) at the
// cost of the containers an epoch changed.
struct LedgerState
{
    bool genesisApplied = false;
    QMap<QByteArray, Money> balances;
    QMap<QByteArray, Money> bonded;
    QMap<QPair<QByteArray, qint64>, Money> escrows; // (customer, epoch) → amount
    QList<UnbondingEntry> unbonding;                // in fold order
    Money pool;
    Money grants;
    Money emissions;

    QMap<QByteArray, OfferRecord> offers;              // node → current offer
    QMap<QByteArray, QList<OfferRecord>> offerHistory; // node → every valid offer
    QMap<EarningKey, Money> earnings;
    QMap<QByteArray, Money> feesServed; // node → gross fees of the partition being folded
    QMap<VoucherKey, PaidVoucher> paid;
    QMap<QByteArray, QList<ReputationObservation>> observations; // node → in fold order
    QSet<QByteArray> reports;                                    // author ‖ kind ‖ epoch
    QMap<QByteArray, NodeInfo> nodes;
    QMap<QByteArray, SlashRecord> slashes;    // proving event's hash → slash
    QSet<QByteArray> slashedStatements;       // node ‖ statement hash
    QMap<QByteArray, RefusalRecord> refusals; // event hash → why it changed nothing
    QList<CloseRecord> closes;                // accepted, by epoch

    Money balance(const QByteArray &account) const { return balances.value(account); }
    Money bondedOf(const QByteArray &node) const { return bonded.value(node); }
    Money unbondingOf(const QByteArray &node) const;
    Money escrowed(const QByteArray &customer) const;
    Money slashedOf(const QByteArray &node) const;

    // docs/market.md "Conservation": Σ balances + Σ escrows + Σ bonded + Σ unbonding + pool =
    // Σ grants + Σ emissions. The error names both sides and their parts.
    Result<void> conservation() const;
};

} // namespace streamsync
