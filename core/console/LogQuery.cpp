#include "console/LogQuery.h"

#include "console/EventSummary.h"
#include "console/ProjectionReader.h"
#include "crypto/NodeId.h"
#include "db/Database.h"
#include "log/EventStore.h"
#include "log/FeedRules.h"

#include <QSaveFile>

#include <optional>

namespace streamsync::console {

using interfaces::LogEntry;

namespace {

constexpr qsizetype kMaxEventBytes = 1 << 20;

bool matches(const QString &filter, const QString &kind, const QString &author)
{
    return filter.isEmpty() || kind.contains(filter, Qt::CaseInsensitive) ||
           author.contains(filter, Qt::CaseInsensitive);
}

} // namespace

Result<QList<LogEntry>> LogQuery::entries(ProjectionReader &reader, const QString &filter,
                                          int limit)
{
    const QString wanted = filter.trimmed();
    auto rows = reader.db().query(
        QStringLiteral("SELECT author, seq, time_ms, kind, hash, bytes FROM events "
                       "ORDER BY time_ms DESC, rowid DESC"));
    if (!rows)
        return Error{rows.error()};
    QList<LogEntry> list;
    while ((limit <= 0 || list.size() < limit) && rows.value().next()) {
        const QString kind = rows->value(3).toString();
        const QString author = NodeId::fromPublicKey(rows->value(0).toByteArray()).shortText();
        if (!matches(wanted, kind, author))
            continue;
        LogEntry entry;
        entry.author = author;
        entry.seq = rows->value(1).toLongLong();
        entry.timeMs = rows->value(2).toLongLong();
        entry.kind = kind;
        entry.hash = QString::fromLatin1(rows->value(4).toByteArray().toHex());
        const auto event = Event::decode(rows->value(5).toByteArray(), kMaxEventBytes);
        entry.summary = event ? summarizeEvent(event.value()) : event.error();
        list.append(entry);
    }
    return list;
}

Result<QString> LogQuery::verify(ProjectionReader &reader)
{
    auto rows = reader.db().query(
        QStringLiteral("SELECT author, seq, bytes FROM events ORDER BY author, seq"));
    if (!rows)
        return Error{rows.error()};
    qint64 events = 0;
    qint64 feeds = 0;
    QStringList failures;
    std::optional<FeedRules> rules;
    FeedRules::Head head = FeedRules::Head::empty();
    while (rows.value().next()) {
        const QByteArray author = rows->value(0).toByteArray();
        if (!rules || rules->author() != author) {
            rules.emplace(author, kMaxEventBytes);
            head = FeedRules::Head::empty();
            ++feeds;
        }
        ++events;
        const QString where = QStringLiteral("%1#%2")
                                  .arg(NodeId::fromPublicKey(author).shortText())
                                  .arg(rows->value(1).toLongLong());
        const auto event = Event::decode(rows->value(2).toByteArray(), kMaxEventBytes);
        if (!event) {
            failures.append(where + QStringLiteral(": ") + event.error());
            continue;
        }
        const auto placed = rules->check(event.value(), head);
        if (!placed || placed.value() != FeedRules::Placement::Next) {
            failures.append(where + QStringLiteral(": ") +
                            (placed ? QStringLiteral("out of order") : placed.error()));
            continue;
        }
        head = {event->seq(), event->hash()};
    }
    if (failures.isEmpty())
        return QStringLiteral("%1 events of %2 feeds verified: every signature and chain holds")
            .arg(events)
            .arg(feeds);
    return fail(QStringLiteral("%1 of %2 events failed verification; first: %3")
                    .arg(failures.size())
                    .arg(events)
                    .arg(failures.first()));
}

Result<QString> LogQuery::exportTo(ProjectionReader &reader, const QString &path)
{
    auto db = Database::open(reader.db().path(), Database::OpenMode::ExistingOnly);
    if (!db)
        return Error{db.error()};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    EventStore store(*db.value(), kMaxEventBytes);
    const auto written = store.exportTo(file);
    if (!written)
        return Error{written.error()};
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return QStringLiteral("%1 events written to %2").arg(written.value()).arg(path);
}

} // namespace streamsync::console
