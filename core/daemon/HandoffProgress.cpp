#include "daemon/HandoffProgress.h"

#include <QSqlQuery>
#include <QVariant>

namespace streamsync {

QString HandoffProgress::selectSql()
{
    return QStringLiteral("SELECT started_ms, updated_ms, objects_total, objects_done,"
                          " bytes_total, bytes_done, complete, note FROM handoff WHERE id = 1");
}

HandoffProgress HandoffProgress::fromRow(const QSqlQuery &row)
{
    HandoffProgress p;
    p.startedMs = row.value(0).toLongLong();
    p.updatedMs = row.value(1).toLongLong();
    p.objectsTotal = row.value(2).toInt();
    p.objectsDone = row.value(3).toInt();
    p.bytesTotal = row.value(4).toLongLong();
    p.bytesDone = row.value(5).toLongLong();
    p.complete = row.value(6).toInt() != 0;
    p.note = row.value(7).toString();
    return p;
}

} // namespace streamsync
