#include "db/Database.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;

namespace {

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Runs statements over a plain Qt connection, as another application (or a hand edit) would.
bool runRawSql(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("raw-test-connection");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &statement : statements) {
            QSqlQuery query(db);
            ok = ok && query.exec(statement);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QVariant scalar(Database &db, const QString &sql)
{
    Result<QSqlQuery> query = db.query(sql);
    if (!query || !query.value().next())
        return {};
    return query.value().value(0);
}

std::unique_ptr<Database> openOrFail(const QString &path,
                                     Database::OpenMode mode = Database::OpenMode::CreateIfMissing)
{
    Result<std::unique_ptr<Database>> opened = Database::open(path, mode);
    if (!opened) {
        qWarning("%s", qPrintable(opened.error()));
        return nullptr;
    }
    return std::move(opened).value();
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void walAndForeignKeysAreOn()
    {
        auto db = openOrFail(path(QStringLiteral("wal.db")));
        QVERIFY(db);
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QVERIFY(scalar(*db, QStringLiteral("PRAGMA busy_timeout")).toInt() > 0);
        // Enforced, not just switched on: a transition for a node that does not exist is refused.
        const auto orphan = db->query(QStringLiteral("INSERT INTO transitions (node_id, from_state,"
                                                     " to_state, at_ms, why, who) VALUES"
                                                     " ('nope', 'a', 'b', 1, 'x', 'y')"));
        QVERIFY(!orphan.ok());
        QVERIFY2(orphan.error().contains(QLatin1String("FOREIGN KEY")), qPrintable(orphan.error()));
    }

    void newFileIsMigratedToLatest()
    {
        QVERIFY(Database::latestSchemaVersion() >= 1);
        auto db = openOrFail(path(QStringLiteral("fresh.db")));
        QVERIFY(db);
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA application_id")).toLongLong(),
                 qint64(Database::kApplicationId));
        for (const char *table : {"nodes", "transitions", "events", "meta"}) {
            const QString sql =
                QStringLiteral(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                    .arg(QLatin1String(table));
            QVERIFY2(scalar(*db, sql).toInt() == 1, table);
        }
    }

    void reopeningKeepsData()
    {
        const QString file = path(QStringLiteral("reopen.db"));
        {
            auto db = openOrFail(file);
            QVERIFY(db);
            QVERIFY(db->query(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"),
                              {QStringLiteral("greeting"), QByteArray("hello")})
                        .ok());
        }
        auto db = openOrFail(file, Database::OpenMode::ExistingOnly);
        QVERIFY(db);
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT value FROM meta WHERE key = 'greeting'"))
                     .toByteArray(),
                 QByteArray("hello"));
    }

    void twoDatabasesAtOnceUseSeparateConnections()
    {
        auto first = openOrFail(path(QStringLiteral("one.db")));
        auto second = openOrFail(path(QStringLiteral("two.db")));
        QVERIFY(first && second);
        QVERIFY(first->handle().connectionName() != second->handle().connectionName());
        QVERIFY(first->query(QStringLiteral("INSERT INTO meta (key) VALUES ('only-in-one')")).ok());
        QCOMPARE(scalar(*second, QStringLiteral("SELECT count(*) FROM meta")).toInt(), 0);
    }

    void garbageFileIsRefusedAsCorruptAndLeftAlone()
    {
        const QString file = path(QStringLiteral("garbage.db"));
        QByteArray bytes(16 * 1024, Qt::Uninitialized);
        QRandomGenerator random(42);
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        QVERIFY(writeFile(file, bytes));
        const QByteArray before = sha256Of(file);

        for (auto mode : {Database::OpenMode::CreateIfMissing, Database::OpenMode::ExistingOnly}) {
            const auto opened = Database::open(file, mode);
            QVERIFY(!opened.ok());
            QVERIFY2(opened.error().startsWith(QLatin1String("database file is corrupt: ") + file),
                     qPrintable(opened.error()));
            QVERIFY2(opened.error().contains(QLatin1String("file is not a database")),
                     qPrintable(opened.error()));
        }
        QCOMPARE(sha256Of(file), before);
        QVERIFY(!QFile::exists(file + QLatin1String("-wal")));
    }

    void damagedPageIsRefusedAsCorruptAndLeftAlone()
    {
        const QString file = path(QStringLiteral("damaged.db"));
        {
            auto db = openOrFail(file);
            QVERIFY(db);
            for (int i = 0; i < 50; ++i) {
                QVERIFY(db->query(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"),
                                  {QString::number(i), QByteArray(2000, 'x')})
                            .ok());
            }
        }
        // Overwrite everything after the first page (the header and schema stay readable), so
        // only the start-up quick_check can notice.
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadWrite));
        const qint64 pageSize = 4096;
        QVERIFY(raw.size() > 4 * pageSize);
        QVERIFY(raw.seek(pageSize));
        QVERIFY(raw.write(QByteArray(int(raw.size() - pageSize), '\xA5')) > 0);
        raw.close();
        const QByteArray before = sha256Of(file);

        const auto opened = Database::open(file, Database::OpenMode::ExistingOnly);
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().startsWith(QLatin1String("database file is corrupt: ") + file),
                 qPrintable(opened.error()));
        QCOMPARE(sha256Of(file), before);
    }

    void foreignSqliteFileIsRefusedAndLeftAlone()
    {
        const QString file = path(QStringLiteral("contacts.db"));
        QVERIFY(runRawSql(file, {QStringLiteral("CREATE TABLE contacts (name TEXT, phone TEXT)"),
                                 QStringLiteral("INSERT INTO contacts VALUES ('Ada', '123')")}));
        const QByteArray before = sha256Of(file);

        const auto opened = Database::open(file, Database::OpenMode::CreateIfMissing);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error(), QLatin1String("not a StreamSync database: ") + file);
        QCOMPARE(sha256Of(file), before);
        QVERIFY(!QFile::exists(file + QLatin1String("-wal")));
    }

    void newerSchemaIsRefused()
    {
        const QString file = path(QStringLiteral("future.db"));
        QVERIFY(openOrFail(file));
        const int newer = Database::latestSchemaVersion() + 1;
        QVERIFY(runRawSql(file, {QStringLiteral("PRAGMA user_version = %1").arg(newer)}));
        const QByteArray before = sha256Of(file);

        const auto opened = Database::open(file, Database::OpenMode::ExistingOnly);
        QVERIFY(!opened.ok());
        const QString expected = QStringLiteral("created by a newer StreamSync (schema %1; this "
                                                "build knows up to %2); refusing to open")
                                     .arg(newer)
                                     .arg(Database::latestSchemaVersion());
        QVERIFY2(opened.error().contains(expected), qPrintable(opened.error()));
        QCOMPARE(sha256Of(file), before);
    }

    void failedTransactionLeavesNoRows()
    {
        auto db = openOrFail(path(QStringLiteral("tx.db")));
        QVERIFY(db);
        const Result<void> result = db->transaction([&]() -> Result<void> {
            for (const char *key : {"a", "b"}) {
                const auto inserted = db->query(QStringLiteral("INSERT INTO meta (key) VALUES (?)"),
                                                {QString::fromLatin1(key)});
                if (!inserted)
                    return fail(inserted.error());
            }
            return fail(QStringLiteral("changed my mind"));
        });
        QVERIFY(!result.ok());
        QCOMPARE(result.error(), QStringLiteral("changed my mind"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM meta")).toInt(), 0);
    }

    void nestedTransactionFailureRollsBackTheOuterWork()
    {
        auto db = openOrFail(path(QStringLiteral("nested.db")));
        QVERIFY(db);
        const Result<void> result = db->transaction([&]() -> Result<void> {
            if (!db->query(QStringLiteral("INSERT INTO meta (key) VALUES ('outer')")))
                return fail(QStringLiteral("insert failed"));
            return db->transaction([] { return Result<void>(fail(QStringLiteral("inner"))); });
        });
        QVERIFY(!result.ok());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM meta")).toInt(), 0);
        // And the connection is usable again afterwards.
        QVERIFY(db->transaction([&]() -> Result<void> {
                      const auto inserted =
                          db->query(QStringLiteral("INSERT INTO meta (key) VALUES ('kept')"));
                      return inserted ? Result<void>() : fail(inserted.error());
                  }).ok());
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM meta")).toInt(), 1);
    }

    void existingOnlyOnMissingPathCreatesNothing()
    {
        const QString file = path(QStringLiteral("missing.db"));
        const auto opened = Database::open(file, Database::OpenMode::ExistingOnly);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error(), QLatin1String("database file does not exist: ") + file);
        QVERIFY(!QFile::exists(file));
        QVERIFY(!QFile::exists(file + QLatin1String("-wal")));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "test_database.moc"
