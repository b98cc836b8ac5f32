#include "daemon/ReceiptBook.h"

#include "log/CanonicalCbor.h"
#include "log/Event.h"

#include <QCborArray>
#include <QCborMap>
#include <QFile>
#include <QSaveFile>

namespace streamsync {

namespace {

// A node holds a few receipts per customer; this bounds a damaged or hostile file.
constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;

const QString kCustomer = QStringLiteral("customer");
const QString kEpoch = QStringLiteral("epoch");
const QString kQueries = QStringLiteral("queries");
const QString kAmount = QStringLiteral("amount");
const QString kSig = QStringLiteral("sig");
const QString kVouchedQueries = QStringLiteral("vouched_queries");
const QString kVouchedAmount = QStringLiteral("vouched_amount");

QCborMap toCbor(const ReceiptBook::Entry &entry)
{
    return {{kCustomer, entry.receipt.customer},
            {kEpoch, entry.receipt.epoch},
            {kQueries, entry.receipt.queries},
            {kAmount, entry.receipt.amount.micro()},
            {kSig, entry.sig},
            {kVouchedQueries, entry.vouchedQueries},
            {kVouchedAmount, entry.vouchedAmount.micro()}};
}

bool nonNegative(const QCborMap &map, const QString &field)
{
    return map.value(field).isInteger() && map.value(field).toInteger() >= 0;
}

} // namespace

ReceiptBook::ReceiptBook(QByteArray nodeKey, QString path)
    : m_nodeKey(std::move(nodeKey)), m_path(std::move(path))
{}

Result<void> ReceiptBook::load()
{
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileBytes)
        return fail(QStringLiteral("cannot read the kept receipts in %1: %2")
                        .arg(m_path, file.errorString()));
    const auto decoded = cbor::decode(file.readAll());
    if (!decoded || !decoded->isArray())
        return fail(QStringLiteral("%1 is damaged; move it away to start without the receipts "
                                   "it held")
                        .arg(m_path));
    for (const QCborValue &item : decoded->toArray()) {
        const QCborMap map = item.toMap();
        Entry entry;
        entry.receipt = Receipt{m_nodeKey, map.value(kCustomer).toByteArray(),
                                map.value(kEpoch).toInteger(), map.value(kQueries).toInteger(),
                                Money::fromMicro(map.value(kAmount).toInteger())};
        entry.sig = map.value(kSig).toByteArray();
        entry.vouchedQueries = map.value(kVouchedQueries).toInteger();
        entry.vouchedAmount = Money::fromMicro(map.value(kVouchedAmount).toInteger());
        const bool wellFormed = nonNegative(map, kEpoch) && nonNegative(map, kQueries) &&
                                nonNegative(map, kAmount) && nonNegative(map, kVouchedQueries) &&
                                nonNegative(map, kVouchedAmount);
        // The file is ours, but a receipt is only worth keeping if it still verifies.
        if (wellFormed && entry.receipt.verify(entry.sig))
            m_entries.insert({entry.receipt.epoch, entry.receipt.customer}, entry);
    }
    return {};
}

Result<void> ReceiptBook::save()
{
    QCborArray items;
    for (const Entry &entry : m_entries)
        items.append(toCbor(entry));
    const auto encoded = cbor::encode(items);
    if (!encoded)
        return Error{encoded.error()};
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(*encoded) != encoded->size() ||
        !file.commit())
        return fail(QStringLiteral("cannot save the kept receipts to %1: %2")
                        .arg(m_path, file.errorString()));
    m_dirty = false;
    return {};
}

Result<void> ReceiptBook::refuseUnlessNewer(const Entry &kept, const Receipt &receipt) const
{
    const Receipt &held = kept.receipt;
    if (receipt.queries < held.queries || receipt.amount < held.amount)
        return fail(QStringLiteral("a stale receipt: the node holds one for %1 queries, %2 µcr "
                                   "of epoch %3; receipts are cumulative")
                        .arg(held.queries)
                        .arg(held.amount.micro())
                        .arg(held.epoch));
    return {};
}

Result<Receipt> ReceiptBook::keep(const Receipt &receipt, const QByteArray &sig,
                                  qint64 currentEpoch)
{
    if (receipt.node != m_nodeKey)
        return fail(QStringLiteral("the receipt pays node %1, not this node")
                        .arg(Event::shortHex(receipt.node)));
    if (receipt.epoch > currentEpoch || receipt.epoch + 1 < currentEpoch)
        return fail(QStringLiteral("a receipt for epoch %1 cannot be kept in epoch %2: only the "
                                   "current and the previous epoch are open")
                        .arg(receipt.epoch)
                        .arg(currentEpoch));
    if (receipt.queries <= 0 || receipt.amount.isNegative())
        return fail(QStringLiteral("a receipt must count at least one query"));
    if (!receipt.verify(sig))
        return fail(QStringLiteral("the receipt's signature does not verify for customer %1")
                        .arg(Event::shortHex(receipt.customer)));
    const Key key{receipt.epoch, receipt.customer};
    const auto found = m_entries.constFind(key);
    if (found != m_entries.constEnd()) {
        if (auto newer = refuseUnlessNewer(*found, receipt); !newer)
            return Error{newer.error()};
        if (found->receipt.queries == receipt.queries && found->receipt.amount == receipt.amount)
            return found->receipt;
    }
    Entry &entry = m_entries[key];
    entry.receipt = receipt;
    entry.sig = sig;
    m_dirty = true;
    return receipt;
}

QList<ReceiptBook::Entry> ReceiptBook::due(qint64 currentEpoch) const
{
    QList<Entry> out;
    for (const Entry &entry : m_entries) {
        if (entry.receipt.epoch < currentEpoch && entry.needsVoucher())
            out.append(entry);
    }
    return out;
}

void ReceiptBook::markVouched(const Receipt &receipt)
{
    const auto found = m_entries.find({receipt.epoch, receipt.customer});
    if (found == m_entries.end())
        return;
    found->vouchedQueries = qMax(found->vouchedQueries, receipt.queries);
    found->vouchedAmount = qMax(found->vouchedAmount, receipt.amount);
    m_dirty = true;
}

void ReceiptBook::prune(qint64 closedEpoch)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->receipt.epoch <= closedEpoch && !it->needsVoucher()) {
            it = m_entries.erase(it);
            m_dirty = true;
        } else {
            ++it;
        }
    }
}

} // namespace streamsync
