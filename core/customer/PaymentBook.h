#pragma once

#include "ledger/Receipt.h"
#include "money/Money.h"

#include <QByteArray>
#include <QMap>
#include <QPair>

#include <optional>

namespace streamsync {

// The customer's money for queries (DESIGN §3 "SLA and refunds", docs/market.md): one escrow per
// epoch, and against it one reservation per query in flight, of the highest price among the
// nodes raced (the winner is paid its own quoted price, never more). A won query turns its
// reservation into a payment and the winner's cumulative receipt grows by one query and that
// price; a query without a verified answer by the SLA deadline releases its reservation, and
// nothing is receipted. Integer µcr throughout.
//
// The balance is an estimate from what the customer knows itself: its grant in the genesis,
// less its escrows, plus what the closes refund (an escrow's unspent part returns at the close
// of the epoch after it; only epochs whose refund must have happened are counted). The ledger
// decides; the estimate only keeps the customer from asking for escrows it surely cannot fund.
class PaymentBook
{
public:
    enum class EscrowState { None, Pending, Confirmed, Refused };
    struct Reservation
    {
        qint64 epoch = 0;
        Money amount;
    };

    void setGrant(Money grant) { m_grant = grant; }
    // The estimated balance while racing in `currentEpoch`; nullopt without a known grant.
    std::optional<Money> balance(qint64 currentEpoch) const;

    void escrowAppended(qint64 epoch, Money amount);
    void escrowConfirmed(qint64 epoch);
    void escrowRefused(qint64 epoch);
    EscrowState state(qint64 epoch) const;
    Money escrowed(qint64 epoch) const;

    // Nullopt when the epoch has no usable escrow or not enough of it is left.
    std::optional<Reservation> reserve(qint64 epoch, Money amount);
    void release(const Reservation &reservation);
    // Pays `node` its `price` out of `reservation`; returns the new cumulative receipt.
    Receipt pay(const Reservation &reservation, const QByteArray &node, const QByteArray &customer,
                Money price);
    Money spent(qint64 epoch) const;
    // Drops the receipts of epochs before `epoch` (reported; their vouchers are the nodes' now).
    void forgetReceiptsBefore(qint64 epoch);

private:
    struct Epoch
    {
        EscrowState state = EscrowState::None;
        Money escrowed;
        Money reserved;
        Money spent;
    };
    std::optional<Money> m_grant;
    QMap<qint64, Epoch> m_epochs;
    QMap<QPair<QByteArray, qint64>, Receipt> m_receipts; // (node, epoch) → cumulative
};

} // namespace streamsync
