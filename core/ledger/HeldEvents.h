#pragma once

#include "ledger/EpochCloseBody.h"
#include "log/Event.h"

#include <QByteArray>
#include <QList>
#include <QMap>

#include <deque>
#include <map>
#include <memory>
#include <optional>

namespace streamsync {

// One event the ledger holds, with what the fold derives from it once.
struct HeldEvent
{
    Event event;
    // max(own time, predecessor's effective time): the fold's time, so a feed is never
    // reordered (docs/market.md "Fold order").
    qint64 effectiveMs = 0;
    // Parsed once for epoch_close events whose body is valid; null otherwise.
    std::shared_ptr<const EpochCloseBody> close;
    // Signature checks inside bodies (voucher receipts, slash statements) are costly and give
    // the same answer on every re-fold, so the first answer is kept.
    mutable std::optional<bool> proofValid;
    mutable QString proofError;

    // The fold order inside a partition: (effective time, author, seq).
    friend bool foldsBefore(const HeldEvent &a, const HeldEvent &b)
    {
        if (a.effectiveMs != b.effectiveMs)
            return a.effectiveMs < b.effectiveMs;
        if (a.event.author() != b.event.author())
            return a.event.author() < b.event.author();
        return a.event.seq() < b.event.seq();
    }
};

// The set of events a ledger holds: each author's feed in seq order (the ledger is fed feed-valid
// events), and the epoch closes by epoch. Pointers to held events stay valid for the life of the
// set.
class HeldEvents
{
public:
    // Adds the next event of its author's feed. False (and nothing held) for a duplicate, a gap
    // or a prev that does not match: the caller feeds feed-valid events, so these are ignored.
    bool add(const Event &event);

    qint64 count(const QByteArray &author) const;
    qint64 total() const { return m_total; }
    const HeldEvent *at(const QByteArray &author, qint64 seq) const;
    QList<QByteArray> authors() const;
    // Valid-bodied epoch_close events naming `epoch`.
    QList<const HeldEvent *> closesFor(qint64 epoch) const { return m_closes.value(epoch); }

    enum class Coverage { Held, Missing, Conflict };
    // Whether every event `frontier` covers is held: Conflict when a held event at a frontier
    // seq has another hash (the frontier names a fork we do not hold; it can never be held).
    Coverage coverage(const Event::Deps &frontier) const;

    // The events covered by `to` and not by `from`, in fold order.
    QList<const HeldEvent *> between(const Event::Deps &from, const Event::Deps &to) const;
    // Every held event not covered by `from`, in fold order.
    QList<const HeldEvent *> after(const Event::Deps &from) const;
    // Per author, the head of the longest prefix of held events with effective time < endMs.
    Event::Deps prefixBefore(qint64 endMs) const;

private:
    static void sortForFold(QList<const HeldEvent *> &events);

    std::map<QByteArray, std::deque<HeldEvent>> m_feeds;
    QMap<qint64, QList<const HeldEvent *>> m_closes;
    qint64 m_total = 0;
};

} // namespace streamsync
