#include "customer/CustomerFeed.h"

#include "crypto/Ed25519.h"
#include "db/Database.h"
#include "log/EventStore.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <limits>

namespace streamsync {

namespace {

QString publishedPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("feed.published"));
}

quint64 readPublished(const QString &dir)
{
    QFile file(publishedPath(dir));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toULongLong();
}

} // namespace

QString CustomerFeed::databasePath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("customer.sqlite"));
}

CustomerFeed::CustomerFeed(QString dir, const Ed25519SigningKey &key)
    : m_dir(std::move(dir)), m_key(key)
{}

CustomerFeed::~CustomerFeed() = default;

Result<std::unique_ptr<CustomerFeed>>
CustomerFeed::open(const QString &dir, const Ed25519SigningKey &key, qsizetype maxEventBytes)
{
    std::unique_ptr<CustomerFeed> feed(new CustomerFeed(dir, key));
    auto db = Database::open(CustomerFeed::databasePath(dir), Database::OpenMode::CreateIfMissing);
    if (!db)
        return Error{db.error()};
    feed->m_db = std::move(db).value();
    feed->m_log = std::make_unique<EventStore>(*feed->m_db, maxEventBytes);
    feed->m_published = qMin(readPublished(dir), feed->headSeq());
    return feed;
}

const QByteArray &CustomerFeed::author() const
{
    return m_key.publicKey();
}

Result<Event> CustomerFeed::append(EventKind kind, const QCborMap &body, qint64 timeMs)
{
    return m_log->append(m_key, kind, body, quint64(timeMs));
}

Result<QList<QByteArray>> CustomerFeed::after(quint64 afterSeq, qsizetype limit)
{
    return m_log->range(author(), afterSeq + 1, std::numeric_limits<qint64>::max(), limit);
}

quint64 CustomerFeed::headSeq()
{
    const auto head = m_log->head(author());
    return head ? head->seq : 0;
}

std::optional<Event> CustomerFeed::event(const QByteArray &author, quint64 seq)
{
    const auto encoded = m_log->range(author, seq, seq, 1);
    if (!encoded || encoded->isEmpty())
        return std::nullopt;
    auto event = Event::decode(encoded->first(), encoded->first().size());
    if (!event)
        return std::nullopt;
    return std::move(event).value();
}

Result<void> CustomerFeed::setPublished(quint64 seq)
{
    m_published = seq;
    QSaveFile file(publishedPath(m_dir));
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(seq) + '\n') < 0 ||
        !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

} // namespace streamsync
