#pragma once

#include "log/Event.h"
#include "money/Money.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QMap>

namespace streamsync {

// What an epoch close pays (docs/market.md "Epoch close"): maps hold only non-zero amounts, keyed
// by account. pool_before is the pool when the partition's events are folded, before any
// payout; pool_after = pool_before + the subsidy's remainder − Σ dividend.
struct Payouts
{
    Money emission;
    QMap<QByteArray, Money> dividend; // node → its share of the pool, pro rata to bonded stake
    QMap<QByteArray, Money> subsidy;  // node → its share of the emission, pro rata to fees
    QMap<QByteArray, Money> refunds;  // customer → escrow of earlier epochs vouchers left
    QMap<QByteArray, Money> releases; // node → unbonding entries that matured
    Money poolBefore;
    Money poolAfter;

    QCborMap toCbor() const;
    static Result<Payouts> fromCbor(const QCborMap &map);
    // Canonical CBOR: two payouts are equal iff these bytes are.
    QByteArray canonical() const;
};

// `epoch_close`: the closer's frontier (author → the last event it covers) and the payouts it
// computed from it.
struct EpochCloseBody
{
    qint64 epoch = 0;
    Event::Deps frontier; // author → (seq ≥ 1, hash)
    Payouts payouts;

    QCborMap toCbor() const;
    static Result<EpochCloseBody> fromCbor(const QCborMap &map);
};

} // namespace streamsync
