#include "console/ReadOnlyDb.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>

#include <atomic>

namespace streamsync::console {

namespace {

std::atomic<int> g_connections{0};

} // namespace

ReadOnlyDb::ReadOnlyDb() : m_name(QStringLiteral("console-reader-%1").arg(++g_connections)) {}

ReadOnlyDb::~ReadOnlyDb()
{
    close();
}

Result<void> ReadOnlyDb::use(const QString &path)
{
    if (path == m_path && !path.isEmpty())
        return {};
    close();
    if (path.isEmpty() || !QFileInfo::exists(path))
        return fail(QStringLiteral("no node database to read the market from yet"));
    bool opened = false;
    QString why;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        opened = db.open();
        if (!opened)
            why = db.lastError().text();
    }
    if (!opened) {
        QSqlDatabase::removeDatabase(m_name);
        return fail(QStringLiteral("cannot read %1: %2").arg(path, why));
    }
    m_path = path;
    return {};
}

void ReadOnlyDb::close()
{
    if (m_path.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_path.clear();
}

Result<QSqlQuery> ReadOnlyDb::query(const QString &sql, const QVariantList &values)
{
    if (!isOpen())
        return fail(QStringLiteral("no node database to read the market from yet"));
    QSqlQuery query(QSqlDatabase::database(m_name, false));
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fail(QStringLiteral("cannot read %1: %2").arg(m_path, query.lastError().text()));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(QStringLiteral("cannot read %1: %2").arg(m_path, query.lastError().text()));
    return query;
}

Result<QVariant> ReadOnlyDb::scalar(const QString &sql, const QVariantList &values,
                                    const QVariant &fallback)
{
    auto rows = query(sql, values);
    if (!rows)
        return Error{rows.error()};
    if (!rows.value().next())
        return fallback;
    const QVariant value = rows->value(0);
    return value.isNull() ? fallback : value;
}

bool ReadOnlyDb::hasTable(const QString &name)
{
    const auto found = scalar(
        QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"),
        {name}, 0);
    return found && found->toInt() > 0;
}

} // namespace streamsync::console
