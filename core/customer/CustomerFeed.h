#pragma once

#include "log/Event.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

class Database;
class Ed25519SigningKey;
class EventStore;

// The customer's own signed feed (docs/market.md: escrow, race_report, audit_report, slash), kept
// in `DIR/customer.sqlite` with the same Database and EventStore as a node's log, so its events
// are signed, chained and checked exactly as a node would check them. A customer runs no daemon:
// FeedPublisher hands the events to a node, which stores and gossips them. How far that got is
// kept in `DIR/feed.published` (the last seq a node confirmed), so a restarted customer sends
// only what no node has confirmed yet.
class CustomerFeed
{
public:
    ~CustomerFeed();
    // `key` must outlive the feed.
    static Result<std::unique_ptr<CustomerFeed>>
    open(const QString &dir, const Ed25519SigningKey &key, qsizetype maxEventBytes);

    const QByteArray &author() const;
    Result<Event> append(EventKind kind, const QCborMap &body, qint64 timeMs);
    // Encoded events of the feed with seq > `afterSeq`, in order, at most `limit`.
    Result<QList<QByteArray>> after(quint64 afterSeq, qsizetype limit);
    quint64 headSeq();
    // Any author's event held in the customer's database (the genesis), or nullopt.
    std::optional<Event> event(const QByteArray &author, quint64 seq);

    static QString databasePath(const QString &dir);

    quint64 publishedSeq() const { return m_published; }
    Result<void> setPublished(quint64 seq);

private:
    CustomerFeed(QString dir, const Ed25519SigningKey &key);

    QString m_dir;
    const Ed25519SigningKey &m_key;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventStore> m_log;
    quint64 m_published = 0;
};

} // namespace streamsync
