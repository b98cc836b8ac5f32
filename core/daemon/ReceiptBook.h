#pragma once

#include "ledger/Receipt.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <utility>

namespace streamsync {

// The receipts a node was paid with (docs/market.md "Receipts"): the newest cumulative receipt
// per (customer, epoch), and how much of it the node already posted as a payment_voucher (a
// later voucher for the same triple pays only the difference). Kept in `<data>/receipts.cbor`,
// written with QSaveFile (write, fsync, rename), so a restart or a crash loses at most what came
// in since the last save: the daemon saves on its 500 ms tick while receipts arrive, and at
// stop. Receipts are cumulative, so a lost one costs only its increment over the one saved.
class ReceiptBook
{
public:
    struct Entry
    {
        Receipt receipt;
        QByteArray sig;
        qint64 vouchedQueries = 0; // what the node's vouchers claimed so far
        Money vouchedAmount;

        bool needsVoucher() const
        {
            return receipt.queries > vouchedQueries || receipt.amount > vouchedAmount;
        }
    };

    ReceiptBook(QByteArray nodeKey, QString path);

    // Reads the file if there is one.
    Result<void> load();
    Result<void> save();
    bool isDirty() const { return m_dirty; }

    // Verifies a receipt for this node and keeps it when it is newer than the one held. The
    // epoch must be the current one or the one before it (a query answered just before the
    // boundary); older epochs are settled. Returns the receipt now kept (the same one again is
    // acknowledged, an older one refused).
    Result<Receipt> keep(const Receipt &receipt, const QByteArray &sig, qint64 currentEpoch);

    // Entries of epochs before `currentEpoch` (they ended) that need a voucher, oldest first.
    QList<Entry> due(qint64 currentEpoch) const;
    void markVouched(const Receipt &receipt);
    // Forgets fully vouched entries of epochs up to `closedEpoch`.
    void prune(qint64 closedEpoch);

    qsizetype size() const { return m_entries.size(); }

private:
    using Key = std::pair<qint64, QByteArray>; // (epoch, customer): iteration is oldest first

    Result<void> refuseUnlessNewer(const Entry &kept, const Receipt &receipt) const;

    QByteArray m_nodeKey;
    QString m_path;
    QMap<Key, Entry> m_entries;
    bool m_dirty = false;
};

} // namespace streamsync
