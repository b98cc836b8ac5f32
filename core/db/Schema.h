#pragma once

#include <QList>
#include <QStringList>

namespace streamsync {

// The versioned schema of a node database. Entry N-1 holds the SQL steps that bring a database
// from schema version N-1 to N; Database runs each entry in one transaction together with its
// `PRAGMA user_version` bump. Append only: a released step is never edited, because files in the
// field were made by it.
const QList<QStringList> &schemaMigrations();

} // namespace streamsync
