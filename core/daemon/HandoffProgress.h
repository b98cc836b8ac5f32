#pragma once

#include <QString>

class QSqlQuery;

namespace streamsync {

// How far a draining node got in handing its stored objects off to other nodes (DESIGN §5),
// as the node records it in its database's `handoff` row for the console to show.
struct HandoffProgress
{
    qint64 startedMs = 0;
    qint64 updatedMs = 0;
    int objectsTotal = 0;
    int objectsDone = 0;
    qint64 bytesTotal = 0; // the objects' sizes, not the chunk files'
    qint64 bytesDone = 0;
    // Every object is held elsewhere and removed here: the node may go to Exited.
    bool complete = false;
    // What it is doing or waiting for, in the operator's words.
    QString note;

    // The one row, for the node (read-write) and the console (read-only) alike; the columns
    // in the order fromRow() reads them.
    static QString selectSql();
    static HandoffProgress fromRow(const QSqlQuery &row);
};

} // namespace streamsync
