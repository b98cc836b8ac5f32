#include "log/EventStore.h"

#include "crypto/Ed25519.h"
#include "db/Database.h"
#include "log/CanonicalCbor.h"
#include "log/LogReader.h"

#include <QIODevice>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

namespace streamsync {

namespace {

// Stored events passed the limit in force when they arrived; a later, lower limit must not make
// the node's own log unreadable.
constexpr qsizetype kNoLimit = std::numeric_limits<qsizetype>::max();

// seq and time are below 2^63 (Event refuses larger), so they fit SQLite's signed integers.
QVariant sqlInt(quint64 value)
{
    return QVariant(qint64(value));
}

void count(EventStore::ImportReport &report, EventStore::AcceptOutcome outcome)
{
    switch (outcome) {
    case EventStore::AcceptOutcome::Stored:
        ++report.accepted;
        break;
    case EventStore::AcceptOutcome::Duplicate:
        ++report.duplicates;
        break;
    case EventStore::AcceptOutcome::Fork:
        ++report.forks;
        break;
    }
}

void countRefusal(EventStore::ImportReport &report, const QString &reason)
{
    ++report.refused;
    if (report.firstRefusal.isEmpty())
        report.firstRefusal = reason;
}

void merge(EventStore::ImportReport &into, const EventStore::ImportReport &batch)
{
    into.accepted += batch.accepted;
    into.duplicates += batch.duplicates;
    into.forks += batch.forks;
    into.refused += batch.refused;
    if (into.firstRefusal.isEmpty())
        into.firstRefusal = batch.firstRefusal;
}

} // namespace

EventStore::EventStore(Database &db, qsizetype maxEventBytes)
    : m_db(db), m_maxEventBytes(maxEventBytes)
{}

FeedRules &EventStore::rulesFor(const QByteArray &author)
{
    if (!m_rules || m_rules->author() != author)
        m_rules.emplace(author, m_maxEventBytes);
    return *m_rules;
}

Result<EventStore::Head> EventStore::head(const QByteArray &author)
{
    auto row = m_db.query(QStringLiteral("SELECT seq, hash FROM events WHERE author = ?"
                                         " ORDER BY seq DESC LIMIT 1"),
                          {author});
    if (!row)
        return Error{row.error()};
    if (!row.value().next())
        return Head::empty();
    return Head{quint64(row->value(0).toLongLong()), row->value(1).toByteArray()};
}

Result<Event> EventStore::append(const Ed25519SigningKey &key, EventKind kind, const QCborMap &body,
                                 quint64 timeMs)
{
    Result<Event> appended;
    const auto stored = m_db.transaction([&]() -> Result<void> {
        const auto last = head(key.publicKey());
        if (!last)
            return Error{last.error()};
        appended = Event::sign(key, last->seq + 1, last->hash, {}, timeMs, kind, body);
        if (!appended)
            return fail(QStringLiteral("feed %1: cannot sign event seq %2: %3")
                            .arg(Event::shortHex(key.publicKey()))
                            .arg(last->seq + 1)
                            .arg(appended.error()));
        // Judged as a receiver would judge it, so a bad event never leaves this node.
        const auto outcome = acceptEvent(*appended, nullptr);
        if (!outcome)
            return Error{outcome.error()};
        if (*outcome != AcceptOutcome::Stored)
            return fail(QStringLiteral("feed %1: event seq %2 was not stored as new")
                            .arg(Event::shortHex(key.publicKey()))
                            .arg(last->seq + 1));
        return {};
    });
    if (!stored)
        return Error{stored.error()};
    return appended;
}

Result<EventStore::AcceptOutcome> EventStore::accept(const QByteArray &encoded, Refusal *why)
{
    Result<AcceptOutcome> outcome;
    Refusal reason = Refusal::None;
    // The head is read and the event written under one write lock, so two processes accepting
    // into the same file cannot both extend a feed from the same head.
    const auto done = m_db.transaction([&]() -> Result<void> {
        outcome = acceptEncoded(encoded, &reason);
        // A refusal is an answer, not a database failure: nothing was written, so commit.
        if (!outcome && reason == Refusal::None)
            return Error{outcome.error()};
        return {};
    });
    if (why)
        *why = reason;
    if (!done)
        return Error{done.error()};
    return outcome;
}

Result<EventStore::AcceptOutcome> EventStore::acceptEncoded(const QByteArray &encoded, Refusal *why)
{
    const auto event = Event::decode(encoded, m_maxEventBytes, why);
    if (!event)
        return Error{event.error()};
    return acceptEvent(*event, why);
}

// Runs inside a transaction: the head read and the write must not be split.
Result<EventStore::AcceptOutcome> EventStore::acceptEvent(const Event &event, Refusal *why)
{
    if (why)
        *why = Refusal::None;
    const auto last = head(event.author());
    if (!last)
        return Error{last.error()};
    const auto placement = rulesFor(event.author()).check(event, *last, why);
    if (!placement)
        return Error{placement.error()};
    if (*placement == FeedRules::Placement::KnownSeq)
        return acceptKnownSeq(event, why);
    if (auto inserted = insertEvent(event); !inserted)
        return Error{inserted.error()};
    return AcceptOutcome::Stored;
}

// Re-delivery is normal in gossip; the same seq with another content is equivocation, and the
// proof is the one thing worth keeping of the rival event.
Result<EventStore::AcceptOutcome> EventStore::acceptKnownSeq(const Event &event, Refusal *why)
{
    auto row = m_db.query(QStringLiteral("SELECT hash, bytes FROM events WHERE author = ? AND "
                                         "seq = ?"),
                          {event.author(), sqlInt(event.seq())});
    if (!row)
        return Error{row.error()};
    if (!row.value().next())
        return fail(QStringLiteral("the log in %1 is missing event %2 below its head")
                        .arg(m_db.path(), event.shortName()));
    if (row->value(0).toByteArray() == event.hash())
        return AcceptOutcome::Duplicate;
    const auto known = Event::decode(row->value(1).toByteArray(), kNoLimit);
    if (!known)
        return fail(QStringLiteral("the log in %1 holds a damaged event %2: %3")
                        .arg(m_db.path(), event.shortName(), known.error()));
    const auto proof = rulesFor(event.author()).checkRival(*known, event, why);
    if (!proof)
        return Error{proof.error()};
    if (auto inserted = insertForkProof(*proof); !inserted)
        return Error{inserted.error()};
    return AcceptOutcome::Fork;
}

Result<void> EventStore::insertEvent(const Event &event)
{
    const auto inserted =
        m_db.query(QStringLiteral("INSERT INTO events (author, seq, hash, kind, time_ms, bytes)"
                                  " VALUES (?, ?, ?, ?, ?, ?)"),
                   {event.author(), sqlInt(event.seq()), event.hash(), event.kindName(),
                    sqlInt(event.timeMs()), event.encoded()});
    if (!inserted)
        return Error{inserted.error()};
    return {};
}

// The same fork found again (from another peer, or a second import) is already on record.
Result<void> EventStore::insertForkProof(const ForkProof &proof)
{
    const auto encoded = cbor::encode(proof.toCbor());
    if (!encoded)
        return Error{encoded.error()};
    const auto inserted = m_db.query(
        QStringLiteral("INSERT OR IGNORE INTO fork_proofs (author, seq, first_hash, second_hash,"
                       " proof) VALUES (?, ?, ?, ?, ?)"),
        {proof.first().author(), sqlInt(proof.first().seq()), proof.first().hash(),
         proof.second().hash(), *encoded});
    if (!inserted)
        return Error{inserted.error()};
    return {};
}

// SQLite documents that the bare columns of a max() aggregate come from the row holding the
// maximum, so `hash` is the head's hash.
Result<EventStore::Heads> EventStore::heads()
{
    auto rows = m_db.query(QStringLiteral(
        "SELECT author, max(seq), hash FROM events GROUP BY author ORDER BY author"));
    if (!rows)
        return Error{rows.error()};
    Heads result;
    while (rows.value().next())
        result.insert(
            rows->value(0).toByteArray(),
            Event::DepHead{quint64(rows->value(1).toLongLong()), rows->value(2).toByteArray()});
    return result;
}

Result<QList<QByteArray>> EventStore::range(const QByteArray &author, quint64 fromSeq,
                                            quint64 toSeq, qsizetype limit)
{
    if (limit <= 0 || fromSeq > toSeq)
        return QList<QByteArray>();
    constexpr auto maxSeq = quint64(std::numeric_limits<qint64>::max());
    auto rows = m_db.query(
        QStringLiteral("SELECT bytes FROM events WHERE author = ? AND seq >= ?"
                       " AND seq <= ? ORDER BY seq LIMIT ?"),
        {author, sqlInt(qMin(fromSeq, maxSeq)), sqlInt(qMin(toSeq, maxSeq)), qint64(limit)});
    if (!rows)
        return Error{rows.error()};
    QList<QByteArray> events;
    while (rows.value().next())
        events.append(rows->value(0).toByteArray());
    return events;
}

// One SELECT is one read snapshot in WAL mode, so a concurrent writer cannot tear the export;
// walking the primary key index yields (author, seq) order without sorting.
Result<quint64> EventStore::exportTo(QIODevice &device)
{
    if (!device.isWritable())
        return fail(QStringLiteral("cannot write the log: %1").arg(device.errorString()));
    auto rows = m_db.query(QStringLiteral("SELECT bytes FROM events ORDER BY author, seq"));
    if (!rows)
        return Error{rows.error()};
    quint64 written = 0;
    while (rows.value().next()) {
        const QByteArray bytes = rows->value(0).toByteArray();
        if (device.write(bytes) != bytes.size())
            return fail(QStringLiteral("could not write event #%1 of the log: %2")
                            .arg(written + 1)
                            .arg(device.errorString()));
        ++written;
    }
    return written;
}

Result<EventStore::ImportReport> EventStore::importFrom(QIODevice &device)
{
    if (!device.isReadable())
        return fail(QStringLiteral("cannot read the log: %1").arg(device.errorString()));
    LogReader reader(&device, m_maxEventBytes);
    ImportReport report;
    while (!reader.atEnd()) {
        ImportReport batch;
        const auto committed = m_db.transaction([&]() -> Result<void> {
            for (int n = 0; n < kImportBatch && !reader.atEnd(); ++n) {
                const QString place = QStringLiteral("item #%1 at byte %2")
                                          .arg(reader.itemsRead() + 1)
                                          .arg(reader.offset());
                const auto item = reader.next();
                // The reader cannot find the next item after a broken one; it stops here.
                if (!item) {
                    countRefusal(batch, item.error());
                    return {};
                }
                Refusal why = Refusal::None;
                const auto outcome = acceptEncoded(*item, &why);
                if (outcome)
                    count(batch, *outcome);
                else if (why != Refusal::None)
                    countRefusal(batch, QStringLiteral("%1: %2").arg(place, outcome.error()));
                else
                    return fail(QStringLiteral("%1: %2").arg(place, outcome.error()));
            }
            return {};
        });
        if (!committed)
            return fail(QStringLiteral("import stopped: %1 (%2 events of earlier batches kept)")
                            .arg(committed.error())
                            .arg(report.accepted));
        merge(report, batch);
    }
    return report;
}

Result<QList<ForkProof>> EventStore::forkProofs()
{
    auto rows = m_db.query(QStringLiteral(
        "SELECT proof FROM fork_proofs ORDER BY author, seq, first_hash, second_hash"));
    if (!rows)
        return Error{rows.error()};
    QList<ForkProof> proofs;
    while (rows.value().next()) {
        const auto map = cbor::decode(rows->value(0).toByteArray());
        auto proof = map ? ForkProof::fromCbor(map->toMap(), kNoLimit)
                         : Result<ForkProof>(Error{map.error()});
        if (!proof)
            return fail(QStringLiteral("the log in %1 holds a damaged fork proof: %2")
                            .arg(m_db.path(), proof.error()));
        proofs.append(std::move(proof).value());
    }
    return proofs;
}

Result<quint64> EventStore::eventCount()
{
    auto row = m_db.query(QStringLiteral("SELECT count(*) FROM events"));
    if (!row)
        return Error{row.error()};
    if (!row.value().next())
        return quint64(0);
    return quint64(row->value(0).toLongLong());
}

} // namespace streamsync
