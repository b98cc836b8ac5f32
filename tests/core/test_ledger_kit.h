#pragma once

// Helpers shared by the ledger tests (test_ledger*.cpp): deterministic keys, authors that sign
// their own feed, small network parameters, and a genesis.

#include "crypto/Ed25519.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerBodies.h"
#include "ledger/Receipt.h"
#include "log/Event.h"

#include <QByteArray>
#include <QCborMap>
#include <QMap>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace ledgertest {

using namespace streamsync;

constexpr qint64 kStart = 1'700'000'000'000;
constexpr qint64 kEpochMs = 1000;

[[noreturn]] inline void die(const QString &why)
{
    std::fprintf(stderr, "test setup failed: %s\n", qPrintable(why));
    std::abort();
}

// A key derived from a number: the same in every run.
inline Ed25519SigningKey keyOf(quint32 n)
{
    QByteArray seed(32, '\x5a');
    for (int i = 0; i < 4; ++i)
        seed[i] = char((n >> (8 * i)) & 0xff);
    auto key = Ed25519SigningKey::fromSeed(seed);
    if (!key)
        die(key.error());
    return std::move(key).value();
}

// One author signing its own feed, in seq order.
class Signer
{
public:
    explicit Signer(quint32 n) : m_key(keyOf(n)) {}

    const QByteArray &pub() const { return m_key.publicKey(); }
    const Ed25519SigningKey &key() const { return m_key; }
    quint64 seq() const { return m_seq; }

    Event sign(EventKind kind, const QCborMap &body, qint64 timeMs)
    {
        auto event = Event::sign(m_key, m_seq + 1, m_prev, {}, quint64(timeMs), kind, body);
        if (!event)
            die(event.error());
        ++m_seq;
        m_prev = event->hash();
        return std::move(event).value();
    }

private:
    Ed25519SigningKey m_key;
    quint64 m_seq = 0;
    QByteArray m_prev = QByteArray(32, '\0');
};

// Small rules so tests run epochs of one second.
inline Parameters smallParams()
{
    Parameters p;
    p.epochLengthMs = kEpochMs;
    p.closerTimeoutMs = 100;
    p.emissionPerEpoch = Money::fromMicro(1000);
    p.emissionHalvingEpochs = 2;
    p.unbondingPeriodMs = 1500;
    p.minStake = Money::fromMicro(100);
    p.stakeCap = Money::fromMicro(100'000);
    p.reputationWindowMs = 10'000;
    p.maxPricePerQuery = Money::fromMicro(1000);
    p.maxPricePerGbMonth = Money::fromMicro(1'000'000);
    return p;
}

inline QCborMap genesisBody(const Parameters &params, const QMap<QByteArray, Money> &grants)
{
    return GenesisBody{QStringLiteral("test"), params.hash(), kStart, grants}.toCbor();
}

inline qint64 epochStart(qint64 epoch)
{
    return kStart + epoch * kEpochMs;
}

inline QCborMap amountBody(qint64 micro)
{
    return StakeAmountBody{Money::fromMicro(micro)}.toCbor();
}

inline QCborMap transferBody(const QByteArray &to, qint64 micro)
{
    return TransferBody{to, Money::fromMicro(micro)}.toCbor();
}

inline QCborMap offerBody(qint64 seq, qint64 price)
{
    return OfferBody{seq, Money::fromMicro(price), Money::fromMicro(0), 1 << 30}.toCbor();
}

inline QCborMap escrowBody(qint64 epoch, qint64 micro)
{
    return EscrowBody{epoch, Money::fromMicro(micro)}.toCbor();
}

// A voucher for the customer's cumulative receipt, signed by the customer's real key.
inline QCborMap voucherBody(const Signer &customer, const QByteArray &node, qint64 epoch,
                            qint64 queries, qint64 micro)
{
    const Receipt receipt{node, customer.pub(), epoch, queries, Money::fromMicro(micro)};
    auto sig = receipt.sign(customer.key());
    if (!sig)
        die(sig.error());
    return PaymentVoucherBody{customer.pub(), epoch, queries, Money::fromMicro(micro), *sig}
        .toCbor();
}

inline QCborMap lifecycleBody(const QByteArray &node, const QString &from, const QString &to)
{
    return LifecycleChangeBody{node, from, to, QStringLiteral("test"), QStringLiteral("Node")}
        .toCbor();
}

inline QCborMap announceBody(const QByteArray &node, const QString &name)
{
    return NodeAnnounceBody{name, node, 1 << 30}.toCbor();
}

} // namespace ledgertest
