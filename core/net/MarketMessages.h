#pragma once

#include "net/Messages.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>

#include <optional>

namespace streamsync::wire {

// The market's messages between a customer and a node (issue #5, docs/market.md), on top of the
// shapes in net/Messages.h: builders, and parsers that check sizes, types and ranges so handlers
// only see well-formed values. Requests carry `request_id` like the storage messages
// (StorageMessages.h); replies and refusals echo it.
//
//   publish_event {event}     -> published {hash}    a signed event of the customer's own feed
//                                                     (escrow, race_report, audit_report, slash),
//                                                     stored and gossiped like any other event
//   receipt {node, customer, epoch, queries, amount, sig}
//                             -> receipt_ack {epoch, queries, amount}
//                                                     the cumulative receipt (docs/market.md
//                                                     "Receipts") after a verified answer
//   cancel {query_id}         (no reply)              a race was lost: drop the query if queued
//   market {object_id?}       -> market_reply {now_ms, epoch, params_hash, candidates, holds?}
//   any request               -> error {code, reason}
//
// A market_reply candidate is {node: key(32), price_query, price_gb_month, performance_ppm,
// accuracy_ppm, uptime_ppm: uint (≤ 1,000,000), stake: uint µcr, online: bool}: what a customer
// needs to run Selection. `holds` (bool) is present when the market request named an object and
// says whether the replying node holds all of it. Amounts are µcr in CBOR unsigned integers.

// Error codes of refused market requests (besides bad_request, see StorageMessages.h).
inline const QString kErrorNoLedger = QStringLiteral("no_ledger"); // runs without --network
inline const QString kErrorEventRefused = QStringLiteral("refused_event");
inline const QString kErrorReceiptRefused = QStringLiteral("refused_receipt");

// The most candidates a market_reply may carry (a reply stays far below the frame limit).
constexpr qsizetype kMaxMarketCandidates = 4096;
constexpr qint64 kPartsPerMillion = 1'000'000;

QCborMap makePublishEvent(const QByteArray &encodedEvent, quint64 requestId);
// The event's encoded bytes, at most `maxEventBytes` (the parameters' limit).
Result<QByteArray> parsePublishEvent(const QCborMap &message, qsizetype maxEventBytes);

QCborMap makePublished(const QByteArray &eventHash, quint64 requestId);
Result<QByteArray> parsePublished(const QCborMap &message);

struct ReceiptFields
{
    QByteArray node;     // the paid node's key (32 bytes)
    QByteArray customer; // the paying customer's key (32 bytes)
    qint64 epoch = 0;
    qint64 queries = 0; // cumulative for (customer, node, epoch)
    qint64 amount = 0;  // cumulative µcr
    QByteArray sig;     // the customer's Ed25519 signature (64 bytes)
};
QCborMap makeReceipt(const ReceiptFields &receipt, quint64 requestId);
Result<ReceiptFields> parseReceipt(const QCborMap &message);

struct ReceiptAck
{
    qint64 epoch = 0;
    qint64 queries = 0;
    qint64 amount = 0;
};
QCborMap makeReceiptAck(const ReceiptAck &ack, quint64 requestId);
Result<ReceiptAck> parseReceiptAck(const QCborMap &message);

QCborMap makeCancel(const QByteArray &queryId);
Result<QByteArray> parseCancel(const QCborMap &message);

// An empty objectId asks for the market without naming an object.
QCborMap makeMarket(const QByteArray &objectId, quint64 requestId);
// The object id, if the request named one (32 bytes).
Result<std::optional<QByteArray>> parseMarket(const QCborMap &message);

struct MarketCandidate
{
    QByteArray node; // key (32 bytes)
    qint64 priceQuery = 0;
    qint64 priceGbMonth = 0;
    qint64 performancePpm = 0;
    qint64 accuracyPpm = 0;
    qint64 uptimePpm = 0;
    qint64 stake = 0;
    bool online = false;

    friend bool operator==(const MarketCandidate &a, const MarketCandidate &b)
    {
        return a.node == b.node && a.priceQuery == b.priceQuery &&
               a.priceGbMonth == b.priceGbMonth && a.performancePpm == b.performancePpm &&
               a.accuracyPpm == b.accuracyPpm && a.uptimePpm == b.uptimePpm && a.stake == b.stake &&
               a.online == b.online;
    }
};

struct MarketReply
{
    qint64 nowMs = 0;
    qint64 epoch = 0;
    QByteArray paramsHash;
    QList<MarketCandidate> candidates;
    std::optional<bool> holds;
};
QCborMap makeMarketReply(const MarketReply &reply, quint64 requestId);
Result<MarketReply> parseMarketReply(const QCborMap &message);

} // namespace streamsync::wire
