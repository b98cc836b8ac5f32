#pragma once

#include "util/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <functional>
#include <memory>

namespace streamsync {

// One node's SQLite file (DESIGN §7): WAL journal, foreign keys on, versioned migrations.
//
// Opening never deletes, truncates or rewrites a file it does not recognise: a corrupt file,
// another application's database and a file from a newer build are all refused with a message, and
// left byte-for-byte as they were, so the operator can still recover or inspect them.
//
// Threading: a Qt SQL connection may only be used from the thread that created it. A Database is
// opened, used and destroyed on one thread (the node's db thread); it is not thread-safe.
class Database
{
public:
    enum class OpenMode { CreateIfMissing, ExistingOnly };

    // "SYNC" in ASCII; written to the SQLite header so a StreamSync file is recognisable.
    static constexpr qint32 kApplicationId = 0x53594E43;

    static Result<std::unique_ptr<Database>> open(const QString &path, OpenMode mode);
    ~Database();

    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QSqlDatabase &handle() { return m_db; }
    const QString &path() const { return m_path; }

    // Runs `work` in one transaction: commits when it returns ok, rolls back when it fails or when
    // the commit itself fails. A call made from inside `work` joins the outer transaction, so
    // helpers can be composed; an inner failure must then be returned for the outer one to roll
    // back.
    Result<void> transaction(const std::function<Result<void>()> &work);

    // Prepares `sql`, binds `values` to its `?` placeholders in order and runs it. The error quotes
    // SQLite. Note that a null QString/QByteArray binds as SQL NULL.
    Result<QSqlQuery> query(const QString &sql, const QVariantList &values = {});

    // The file's `PRAGMA user_version`, or -1 when it cannot be read.
    int schemaVersion();
    static int latestSchemaVersion();

private:
    struct Header;

    explicit Database(QString path);

    Result<void> connect();
    Result<void> configureConnection();
    Result<void> checkIdentity();
    Result<Header> readHeader();
    Result<void> checkIntegrity();
    Result<void> enableWal();
    Result<void> migrate();
    Result<void> applyMigration(int version);
    Result<void> runInside(const std::function<Result<void>()> &work);
    void rollback();
    Result<QVariant> pragma(const QString &statement);
    QString describeReadError(const QSqlError &error) const;

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_inTransaction = false;
};

} // namespace streamsync
