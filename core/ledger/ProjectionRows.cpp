#include "ledger/ProjectionRows.h"

#include "db/Database.h"

#include <QSqlError>
#include <QStringList>

namespace streamsync {

namespace {

// Qt binds a null QString or QByteArray as SQL NULL; an empty name or reason is still a value
// (and the columns are NOT NULL), so bind it as an empty one.
QVariant notNull(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        return QString::fromLatin1("");
    if (value.typeId() == QMetaType::QByteArray && value.toByteArray().isNull())
        return QByteArray("");
    return value;
}

} // namespace

ProjectionRows::ProjectionRows(Database &db, const QString &table, int columns)
    : m_query(db.handle()), m_table(table)
{
    QStringList marks;
    for (int i = 0; i < columns; ++i)
        marks << QStringLiteral("?");
    m_prepared = m_query.prepare(
        QStringLiteral("INSERT INTO %1 VALUES (%2)").arg(table, marks.join(QLatin1Char(','))));
    if (!m_prepared)
        m_error = m_query.lastError().text();
}

Result<void> ProjectionRows::insert(const QVariantList &values)
{
    if (!m_prepared)
        return fail(QStringLiteral("cannot write %1: %2").arg(m_table, m_error));
    for (qsizetype i = 0; i < values.size(); ++i)
        m_query.bindValue(int(i), notNull(values[i]));
    if (!m_query.exec())
        return fail(QStringLiteral("cannot write %1: %2").arg(m_table, m_query.lastError().text()));
    return {};
}

} // namespace streamsync
