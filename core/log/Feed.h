#pragma once

#include "crypto/Ed25519.h"
#include "log/Event.h"
#include "log/FeedRules.h"
#include "log/ForkProof.h"
#include "log/Refusal.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace streamsync {

// One author's append-only feed, in memory: the events accepted so far, in seq order. The author
// appends to its own feed; everyone else accepts foreign events into theirs, one at a time. The
// rules themselves are FeedRules', shared with the database-backed EventStore.
class Feed
{
public:
    static constexpr qsizetype kDefaultMaxEventBytes = 64 * 1024;

    using Head = FeedRules::Head;

    explicit Feed(QByteArray author, qsizetype maxEventBytes = kDefaultMaxEventBytes);

    const QByteArray &author() const { return m_rules.author(); }
    Head head() const;
    const QList<Event> &events() const { return m_events; }

    // Signs the next event of this feed with the author's key, checks it as a receiver would, and
    // appends it.
    Result<Event> append(const Ed25519SigningKey &key, EventKind kind, const QCborMap &body,
                         const Event::Deps &deps, quint64 timeMs);

    // Accepts a foreign event if it is the next one of this feed. Re-delivering an event already
    // accepted is a no-op. A different, validly signed event for an accepted seq is refused as a
    // fork and its proof kept (forkProof()). `why`, if given, receives the reason of a refusal.
    Result<void> accept(const Event &event, Refusal *why = nullptr);
    // Decodes (size limit, canonical form, known kind) and accepts.
    Result<void> acceptEncoded(const QByteArray &bytes, Refusal *why = nullptr);

    // The first fork of this author seen, if any: from then on the author is provably dishonest.
    const std::optional<ForkProof> &forkProof() const { return m_fork; }

private:
    Result<void> acceptKnownSeq(const Event &event, Refusal *why);

    FeedRules m_rules;
    QList<Event> m_events;
    std::optional<ForkProof> m_fork;
};

} // namespace streamsync
