#include "db/Database.h"

#include "db/Schema.h"

#include <QFileInfo>

#include <atomic>

namespace streamsync {

namespace {

// SQLite primary result codes that mean "these bytes are not a sound database".
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteNotADatabase = 26;
constexpr int kBusyTimeoutMs = 5000;

QString sqliteMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

bool meansCorrupt(const QSqlError &error)
{
    bool ok = false;
    // The driver may report an extended code; its low byte is the primary one.
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    return ok && (code == kSqliteCorrupt || code == kSqliteNotADatabase);
}

QString nextConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("streamsync-db-%1").arg(++counter);
}

} // namespace

struct Database::Header
{
    qint64 applicationId = 0;
    int userVersion = 0;
    int schemaObjects = 0; // tables, indexes, views, triggers

    // What SQLite gives a new or empty file; anything else belongs to someone.
    bool isFresh() const { return applicationId == 0 && userVersion == 0 && schemaObjects == 0; }
};

Result<std::unique_ptr<Database>> Database::open(const QString &path, OpenMode mode)
{
    // Checked up front because SQLite would otherwise create the file on first access.
    if (mode == OpenMode::ExistingOnly && !QFileInfo::exists(path))
        return fail(QStringLiteral("database file does not exist: %1").arg(path));

    std::unique_ptr<Database> db(new Database(path));
    // The identity check reads only; WAL is switched on after it because doing so rewrites the
    // file header, which must not happen to a file we are about to refuse.
    for (auto step : {&Database::connect, &Database::configureConnection, &Database::checkIdentity,
                      &Database::enableWal, &Database::migrate}) {
        const Result<void> done = (db.get()->*step)();
        if (!done)
            return fail(done.error()); // `db` closes and removes its connection on the way out
    }
    return Result<std::unique_ptr<Database>>(std::move(db));
}

Database::Database(QString path) : m_path(std::move(path)), m_connectionName(nextConnectionName())
{}

Database::~Database()
{
    if (m_db.isOpen())
        m_db.close();
    // removeDatabase() warns and leaks if a handle to the connection is still alive.
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

int Database::latestSchemaVersion()
{
    return int(schemaMigrations().size());
}

int Database::schemaVersion()
{
    const Result<QVariant> version = pragma(QStringLiteral("PRAGMA user_version"));
    return version ? version->toInt() : -1;
}

Result<void> Database::transaction(const std::function<Result<void>()> &work)
{
    if (m_inTransaction)
        return work();
    // IMMEDIATE takes the write lock now, so a second writer waits on busy_timeout at BEGIN
    // instead of failing half-way through the work.
    if (const Result<QSqlQuery> begun = query(QStringLiteral("BEGIN IMMEDIATE")); !begun)
        return fail(begun.error());
    const Result<void> result = runInside(work);
    if (!result) {
        rollback();
        return result;
    }
    if (const Result<QSqlQuery> committed = query(QStringLiteral("COMMIT")); !committed) {
        rollback();
        return fail(QStringLiteral("could not commit to %1: %2").arg(m_path, committed.error()));
    }
    return {};
}

Result<void> Database::runInside(const std::function<Result<void>()> &work)
{
    m_inTransaction = true;
    Result<void> result;
    try {
        result = work();
    } catch (...) {
        m_inTransaction = false;
        rollback();
        throw;
    }
    m_inTransaction = false;
    return result;
}

void Database::rollback()
{
    // Nothing more to do if it fails: SQLite has then already rolled back on its own.
    (void)query(QStringLiteral("ROLLBACK"));
}

Result<QSqlQuery> Database::query(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fail(QStringLiteral("database error in %1: %2")
                        .arg(m_path, sqliteMessage(query.lastError())));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(QStringLiteral("database error in %1: %2")
                        .arg(m_path, sqliteMessage(query.lastError())));
    return query;
}

Result<void> Database::connect()
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid())
        return fail(QStringLiteral("the Qt SQLite driver (QSQLITE) is not available"));
    m_db.setDatabaseName(m_path);
    if (!m_db.open())
        return fail(QStringLiteral("cannot open database %1: %2")
                        .arg(m_path, sqliteMessage(m_db.lastError())));
    return {};
}

// Connection settings only: they do not touch the file.
Result<void> Database::configureConnection()
{
    for (const QString &statement :
         {QStringLiteral("PRAGMA foreign_keys = ON"),
          QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs)}) {
        if (const Result<QVariant> set = pragma(statement); !set)
            return fail(set.error());
    }
    return {};
}

Result<void> Database::checkIdentity()
{
    const Result<Header> header = readHeader();
    if (!header)
        return fail(header.error());
    if (header->isFresh())
        return {};
    if (header->applicationId != kApplicationId)
        return fail(QStringLiteral("not a StreamSync database: %1").arg(m_path));
    if (header->userVersion > latestSchemaVersion())
        return fail(QStringLiteral("%1: created by a newer StreamSync (schema %2; this build knows "
                                   "up to %3); refusing to open")
                        .arg(m_path)
                        .arg(header->userVersion)
                        .arg(latestSchemaVersion()));
    return checkIntegrity();
}

Result<Database::Header> Database::readHeader()
{
    const Result<QVariant> applicationId = pragma(QStringLiteral("PRAGMA application_id"));
    if (!applicationId)
        return fail(applicationId.error());
    const Result<QVariant> userVersion = pragma(QStringLiteral("PRAGMA user_version"));
    if (!userVersion)
        return fail(userVersion.error());
    const Result<QVariant> objects = pragma(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!objects)
        return fail(objects.error());
    return Header{applicationId->toLongLong(), userVersion->toInt(), objects->toInt()};
}

// quick_check reads every page but skips the costly index cross-checks of integrity_check: it
// catches torn or overwritten pages at start-up, before the node builds on them.
Result<void> Database::checkIntegrity()
{
    const Result<QVariant> verdict = pragma(QStringLiteral("PRAGMA quick_check(1)"));
    if (!verdict)
        return fail(verdict.error());
    // SQLite lists problems on several lines; the message is shown on one.
    const QString problems = verdict->toString().simplified();
    if (problems != QLatin1String("ok"))
        return fail(QStringLiteral("database file is corrupt: %1 (%2)").arg(m_path, problems));
    return {};
}

Result<void> Database::enableWal()
{
    const Result<QVariant> mode = pragma(QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return fail(mode.error());
    if (mode->toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("could not switch %1 to WAL journal mode (it stays in %2 mode)")
                        .arg(m_path, mode->toString()));
    return {};
}

Result<void> Database::migrate()
{
    for (int version = schemaVersion(); version < latestSchemaVersion(); ++version) {
        if (version < 0)
            return fail(QStringLiteral("cannot read the schema version of %1").arg(m_path));
        const Result<void> migrated =
            transaction([this, version] { return applyMigration(version + 1); });
        if (!migrated)
            return fail(QStringLiteral("could not bring %1 to schema %2: %3")
                            .arg(m_path)
                            .arg(version + 1)
                            .arg(migrated.error()));
    }
    return {};
}

// Runs inside the migration's transaction, so the steps, the identity and the version bump land
// together or not at all. PRAGMAs take no bound parameters, hence the formatted numbers.
Result<void> Database::applyMigration(int version)
{
    QStringList statements = schemaMigrations().at(version - 1);
    statements.append(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId));
    statements.append(QStringLiteral("PRAGMA user_version = %1").arg(version));
    for (const QString &statement : statements) {
        if (const Result<QSqlQuery> done = query(statement); !done)
            return fail(done.error());
    }
    return {};
}

// Runs a PRAGMA (or one-value SELECT) and returns its first value; setters return no row.
Result<QVariant> Database::pragma(const QString &statement)
{
    QSqlQuery query(m_db);
    if (!query.exec(statement))
        return fail(describeReadError(query.lastError()));
    return query.next() ? query.value(0) : QVariant();
}

QString Database::describeReadError(const QSqlError &error) const
{
    if (meansCorrupt(error))
        return QStringLiteral("database file is corrupt: %1 (%2)")
            .arg(m_path, sqliteMessage(error));
    return QStringLiteral("cannot read database %1: %2").arg(m_path, sqliteMessage(error));
}

} // namespace streamsync
