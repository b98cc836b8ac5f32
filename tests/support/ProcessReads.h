#pragma once

// What tests and benchmarks about real processes read from outside them: the children this
// process left (from /proc) and a node database's current offer (read-only, while the node runs).
// Header-only, so core, ui and bench targets share it without another library.

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace streamsync::test {

// Children of `parent` that are still there (zombies included).
inline QList<qint64> childProcesses(qint64 parent = QCoreApplication::applicationPid())
{
    QList<qint64> pids;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!numeric || !stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == parent)
            pids.append(pid);
    }
    return pids;
}

// The current price per query that a node database's ledger holds for `nodeKey`; -1 if none.
inline qint64 offeredPrice(const QString &databasePath, const QByteArray &nodeKey)
{
    const QString name = QStringLiteral("offered-price-reader");
    qint64 price = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral(
                "SELECT price_query FROM ledger_offers WHERE node = ? AND current = 1"));
            query.addBindValue(nodeKey);
            if (query.exec() && query.next())
                price = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return price;
}

} // namespace streamsync::test
