#pragma once

#include "util/Result.h"

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace streamsync {

class Database;

// Inserts many rows into one table through one prepared statement (Database::query prepares per
// call, which would dominate writing thousands of rows).
class ProjectionRows
{
public:
    ProjectionRows(Database &db, const QString &table, int columns);
    Result<void> insert(const QVariantList &values);

private:
    QSqlQuery m_query;
    QString m_table;
    bool m_prepared = false;
    QString m_error;
};

} // namespace streamsync
