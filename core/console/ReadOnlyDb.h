#pragma once

#include "util/Result.h"

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace streamsync::console {

// A read-only SQLite connection to a node database that a running `streamsync-node` writes
// (QSQLITE_OPEN_READONLY, with a busy timeout so a write in progress delays rather than fails a
// read). Its own connection name; used, like every Qt SQL connection, on the thread that opened
// it (the service's worker) and closed there.
class ReadOnlyDb
{
public:
    ReadOnlyDb();
    ~ReadOnlyDb();
    ReadOnlyDb(const ReadOnlyDb &) = delete;
    ReadOnlyDb &operator=(const ReadOnlyDb &) = delete;

    // Opens `path`, or keeps the connection when it is already open on it.
    Result<void> use(const QString &path);
    void close();
    bool isOpen() const { return !m_path.isEmpty(); }
    const QString &path() const { return m_path; }

    Result<QSqlQuery> query(const QString &sql, const QVariantList &values = {});
    // The first column of the first row; `fallback` when there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {},
                            const QVariant &fallback = {});
    bool hasTable(const QString &name);

private:
    QString m_name;
    QString m_path;
};

} // namespace streamsync::console
