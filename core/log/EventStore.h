#pragma once

#include "log/Event.h"
#include "log/FeedRules.h"
#include "log/ForkProof.h"
#include "log/Refusal.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>

#include <optional>

class QIODevice;

namespace streamsync {

class Database;
class Ed25519SigningKey;

// The persistent log of one database (DESIGN §4): every author's feed as one valid chain in the
// `events` table, and the fork proofs met on the way in `fork_proofs`. Each event is judged by
// FeedRules against its author's stored head, read with one indexed query, so no feed is ever
// loaded into memory and the table only ever holds chains that verify from seq 1.
//
// Events of different authors may arrive in any order; each author's must arrive in seq order
// (a gap is refused, and the sender is asked for the missing range). Used on the thread that owns
// the Database, like every other user of it.
class EventStore
{
public:
    using Head = FeedRules::Head;
    // author → (seq, hash) of every stored feed: what peers exchange to find what they miss.
    using Heads = Event::Deps;

    enum class AcceptOutcome {
        Stored,    // the next event of its feed, now stored
        Duplicate, // already stored; nothing changed
        Fork,      // a validly signed rival of a stored event: its proof is stored, it is not
    };

    struct ImportReport
    {
        quint64 accepted = 0;
        quint64 duplicates = 0;
        quint64 refused = 0; // events refused by the rules, and an unreadable item that ended it
        quint64 forks = 0;
        QString firstRefusal; // names the item and why; empty when nothing was refused
    };

    // Events per import transaction: large enough that commits (an fsync each) cost little,
    // small enough that the write lock is held briefly and a crash loses little work.
    static constexpr int kImportBatch = 500;

    EventStore(Database &db, qsizetype maxEventBytes);

    // The author's last stored event, or seq 0 and a zero hash for a feed not seen yet.
    Result<Head> head(const QByteArray &author);

    // Signs the key's next event (seq and prev from the stored head), checks it as any receiver
    // would, and stores it, all in one transaction (which joins the caller's). `deps` is left
    // empty for now: the kinds appended so far (node_announce, lifecycle_change) rely on no
    // other feed; spends will name the feeds that fund them when they are built.
    Result<Event> append(const Ed25519SigningKey &key, EventKind kind, const QCborMap &body,
                         quint64 timeMs);

    // Decodes and judges one event from a peer or a file. A refusal is an error whose `why` is
    // set; an error with `why` left at Refusal::None means the database failed.
    Result<AcceptOutcome> accept(const QByteArray &encoded, Refusal *why = nullptr);

    Result<Heads> heads();
    // The encoded events of `author` with fromSeq <= seq <= toSeq, in seq order, at most `limit`.
    Result<QList<QByteArray>> range(const QByteArray &author, quint64 fromSeq, quint64 toSeq,
                                    qsizetype limit);

    // Writes every event in (author, seq) order as an RFC 8742 CBOR sequence, streamed from the
    // database row by row. Returns how many were written.
    Result<quint64> exportTo(QIODevice &device);

    // Accepts a CBOR sequence of events in file order, kImportBatch per transaction. Keeps every
    // valid event and counts the rest (docs/decisions.md, "Log"): an event that is refused does
    // not undo the valid ones before it, and an unreadable item ends the import with what was
    // read so far kept. Fails only when the device or the database fails; the batches committed
    // before stay, and are duplicates when the import is run again.
    Result<ImportReport> importFrom(QIODevice &device);

    // Ordered by author key, then seq.
    Result<QList<ForkProof>> forkProofs();
    Result<quint64> eventCount();

private:
    Result<AcceptOutcome> acceptEncoded(const QByteArray &encoded, Refusal *why);
    Result<AcceptOutcome> acceptEvent(const Event &event, Refusal *why);
    Result<AcceptOutcome> acceptKnownSeq(const Event &event, Refusal *why);
    Result<void> insertEvent(const Event &event);
    Result<void> insertForkProof(const ForkProof &proof);
    FeedRules &rulesFor(const QByteArray &author);

    Database &m_db;
    qsizetype m_maxEventBytes;
    // The last author's rules: imports and range pulls come author by author, so the parsed key
    // is reused across a whole feed.
    std::optional<FeedRules> m_rules;
};

} // namespace streamsync
