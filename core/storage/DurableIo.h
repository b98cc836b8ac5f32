#pragma once

#include "util/Result.h"

#include <QByteArrayView>
#include <QString>

namespace streamsync {

// POSIX file operations for crash-safe writes: a file is complete under its final name only
// after its bytes were fsynced, and a rename is durable only after its folder was fsynced.
// QFile/QSaveFile do not sync folders, hence these few functions. Messages start with
// "disk full:" when the filesystem ran out of space, so callers can say so.

// Creates `path` exclusively, writes all bytes, fsyncs and closes it; removes it on failure.
Result<void> writeNewFile(const QString &path, QByteArrayView bytes);
// Makes the names in `dir` (creations, renames, removals) durable.
Result<void> syncDirectory(const QString &dir);
// rename(2): atomic within one filesystem, replaces `to` if it exists.
Result<void> renameFile(const QString &from, const QString &to);
// writeNewFile(tmpPath) + rename to finalPath + fsync of finalPath's folder.
Result<void> writeFileDurably(const QString &tmpPath, const QString &finalPath,
                              QByteArrayView bytes);
// Reads a whole file (the chunk and manifest sizes this store deals with fit in memory).
Result<QByteArray> readWholeFile(const QString &path);
// Removes every plain file in `dir`; returns how many were removed.
int removeFilesIn(const QString &dir);

} // namespace streamsync
