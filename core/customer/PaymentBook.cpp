#include "customer/PaymentBook.h"

namespace streamsync {

namespace {

// Escrows of epochs up to current − 3 are refunded for sure: epoch e's refund comes with the
// close of e + 1, made after end(e + 1), which is before the start of current − 1 ≥ e + 2.
constexpr qint64 kRefundLag = 3;

} // namespace

std::optional<Money> PaymentBook::balance(qint64 currentEpoch) const
{
    if (!m_grant)
        return std::nullopt;
    qint64 micro = m_grant->micro();
    for (auto it = m_epochs.constBegin(); it != m_epochs.constEnd(); ++it) {
        if (it->state == EscrowState::Refused || it->state == EscrowState::None)
            continue;
        micro -= it->escrowed.micro();
        if (it.key() <= currentEpoch - kRefundLag)
            micro += it->escrowed.micro() - it->spent.micro();
    }
    return Money::fromMicro(micro);
}

void PaymentBook::escrowAppended(qint64 epoch, Money amount)
{
    Epoch &e = m_epochs[epoch];
    e.state = EscrowState::Pending;
    e.escrowed = amount;
}

void PaymentBook::escrowConfirmed(qint64 epoch)
{
    if (m_epochs.value(epoch).state == EscrowState::Pending)
        m_epochs[epoch].state = EscrowState::Confirmed;
}

void PaymentBook::escrowRefused(qint64 epoch)
{
    m_epochs[epoch].state = EscrowState::Refused;
}

PaymentBook::EscrowState PaymentBook::state(qint64 epoch) const
{
    return m_epochs.value(epoch).state;
}

Money PaymentBook::escrowed(qint64 epoch) const
{
    return m_epochs.value(epoch).escrowed;
}

std::optional<PaymentBook::Reservation> PaymentBook::reserve(qint64 epoch, Money amount)
{
    auto it = m_epochs.find(epoch);
    if (it == m_epochs.end() || it->state == EscrowState::None || it->state == EscrowState::Refused)
        return std::nullopt;
    const qint64 left = it->escrowed.micro() - it->reserved.micro() - it->spent.micro();
    if (amount.micro() > left)
        return std::nullopt;
    it->reserved = Money::fromMicro(it->reserved.micro() + amount.micro());
    return Reservation{epoch, amount};
}

void PaymentBook::release(const Reservation &reservation)
{
    Epoch &e = m_epochs[reservation.epoch];
    e.reserved = Money::fromMicro(e.reserved.micro() - reservation.amount.micro());
}

Receipt PaymentBook::pay(const Reservation &reservation, const QByteArray &node,
                         const QByteArray &customer, Money price)
{
    release(reservation);
    Epoch &e = m_epochs[reservation.epoch];
    e.spent = Money::fromMicro(e.spent.micro() + price.micro());
    Receipt &receipt = m_receipts[{node, reservation.epoch}];
    receipt.node = node;
    receipt.customer = customer;
    receipt.epoch = reservation.epoch;
    ++receipt.queries;
    receipt.amount = Money::fromMicro(receipt.amount.micro() + price.micro());
    return receipt;
}

Money PaymentBook::spent(qint64 epoch) const
{
    return m_epochs.value(epoch).spent;
}

void PaymentBook::forgetReceiptsBefore(qint64 epoch)
{
    for (auto it = m_receipts.begin(); it != m_receipts.end();)
        it = it.key().second < epoch ? m_receipts.erase(it) : std::next(it);
}

} // namespace streamsync
