#pragma once

#include "crypto/Ed25519.h"
#include "log/Event.h"
#include "log/ForkProof.h"
#include "log/Refusal.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace streamsync {

// One author's append-only feed, in memory: the events accepted so far, in seq order. The author
// appends to its own feed; everyone else accepts foreign events into theirs, one at a time.
class Feed
{
public:
    static constexpr qsizetype kDefaultMaxEventBytes = 64 * 1024;

    struct Head
    {
        quint64 seq = 0; // 0 while the feed is empty
        QByteArray hash; // 32 zero bytes while the feed is empty
    };

    explicit Feed(QByteArray author, qsizetype maxEventBytes = kDefaultMaxEventBytes);

    const QByteArray &author() const { return m_author; }
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
    Result<void> checkSignature(const Event &event, Refusal *why);
    Result<void> acceptKnownSeq(const Event &event, Refusal *why);
    Error refuse(const Event &event, Refusal *why, Refusal reason, const QString &detail) const;

    QByteArray m_author;
    qsizetype m_maxEventBytes;
    // Parsed once: turning raw bytes into an EVP_PKEY costs as much as a few hashes per event.
    std::optional<Result<Ed25519PublicKey>> m_key;
    QList<Event> m_events;
    std::optional<ForkProof> m_fork;
};

} // namespace streamsync
