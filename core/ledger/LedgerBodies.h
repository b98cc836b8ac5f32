#pragma once

#include "ledger/EpochCloseBody.h"
#include "ledger/ReportBodies.h"
#include "ledger/SlashBody.h"
#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QMap>
#include <QString>

namespace streamsync {

// The bodies of the market's log events (docs/market.md "Bodies"), one struct per kind, each with
// toCbor() (what an author signs) and fromCbor() (what every receiver checks). Parsers refuse a
// missing field, a wrong type, a negative integer and a wrong key/hash/signature size with one
// line naming the kind and the field, e.g. "offer: price_query must be an unsigned integer of µcr,
// got -5". Fields a parser does not know are ignored, so kinds can gain fields later.
//
// Keys are raw 32-byte Ed25519 public keys, amounts integer µcr, times ms since the Unix epoch,
// epochs numbered from 0 at the genesis' start_ms. The bigger bodies have their own headers,
// included here: ReportBodies.h (race and audit reports), SlashBody.h, EpochCloseBody.h.

// `genesis`, seq 1 of the configured genesis key.
struct GenesisBody
{
    QString network;
    QByteArray paramsHash; // Parameters::hash() of the rules the network runs
    qint64 startMs = 0;
    QMap<QByteArray, Money> grants; // account → amount

    QCborMap toCbor() const;
    static Result<GenesisBody> fromCbor(const QCborMap &map);
};

// `transfer`: moves `amount` from the author's balance to `to`.
struct TransferBody
{
    QByteArray to;
    Money amount; // > 0

    QCborMap toCbor() const;
    static Result<TransferBody> fromCbor(const QCborMap &map);
};

// `offer`: the node's prices. A newer offer_seq supersedes the node's current offer.
struct OfferBody
{
    qint64 offerSeq = 0;
    Money priceQuery;   // ≥ 1 µcr
    Money priceGbMonth; // ≥ 0 (free storage is allowed as a loss leader)
    qint64 freeBytes = 0;

    QCborMap toCbor() const;
    // Refuses a zero price_query already: it can never be valid under any parameters.
    static Result<OfferBody> fromCbor(const QCborMap &map);
    // The caps of the network's parameters (maxPricePerQuery, maxPricePerGbMonth).
    Result<void> checkCaps(const Parameters &params) const;
};

// `bond` and `unbond`: one amount of the node's own stake.
struct StakeAmountBody
{
    Money amount; // > 0

    QCborMap toCbor() const;
    // `kind` is "bond" or "unbond", for the messages.
    static Result<StakeAmountBody> fromCbor(const QCborMap &map, const QString &kind);
};

// `escrow`: a customer locks funds for the vouchers of one epoch; what vouchers do not take is
// refunded at the close of the epoch after it.
struct EscrowBody
{
    qint64 epoch = 0;
    Money amount; // > 0

    QCborMap toCbor() const;
    static Result<EscrowBody> fromCbor(const QCborMap &map);
};

// `payment_voucher`, posted by a node: the newest cumulative receipt (Receipt.h) of one customer
// for one epoch, with the customer's signature.
struct PaymentVoucherBody
{
    QByteArray customer;
    qint64 epoch = 0;
    qint64 queries = 0; // cumulative for (customer, node, epoch)
    Money amount;       // cumulative for (customer, node, epoch)
    QByteArray customerSig;

    QCborMap toCbor() const;
    static Result<PaymentVoucherBody> fromCbor(const QCborMap &map);
};

// `node_announce` as LifecycleLog writes it. The author is the node itself (headless) or its
// operator (the console).
struct NodeAnnounceBody
{
    QString name;
    QByteArray publicKey;
    qint64 quotaBytes = 0;

    QCborMap toCbor() const;
    static Result<NodeAnnounceBody> fromCbor(const QCborMap &map);
};

// `lifecycle_change` as LifecycleLog writes it; `from` and `to` are LifecycleState names.
struct LifecycleChangeBody
{
    QByteArray node;
    QString from;
    QString to;
    QString why;
    QString who;

    QCborMap toCbor() const;
    // Refuses a `to` that is not a LifecycleState name.
    static Result<LifecycleChangeBody> fromCbor(const QCborMap &map);
};

} // namespace streamsync
