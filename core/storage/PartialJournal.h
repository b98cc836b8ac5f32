#pragma once

#include "storage/StoreLayout.h"
#include "util/Result.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

// The journal of an object being stored, `partial/<random>`: it exists from before the first
// chunk until the object's manifest is durable, so an object whose store was killed is
// reported Incomplete and its chunks stay known. A text file:
//   streamsync-partial 1
//   id <hex object id, or - when the caller did not declare one>
//   chunk <hex chunk hash>        one line per chunk, written before the chunk gets its name
class PartialJournal
{
public:
    struct Entry
    {
        QString path;
        QByteArray objectId; // empty when not declared
        QList<QByteArray> chunks;
    };

    // Creates the journal in layout.partialDir() durably (its header survives a crash),
    // naming `objectId` if known.
    static Result<std::unique_ptr<PartialJournal>> create(const StoreLayout &layout,
                                                          const QByteArray &objectId);
    // Every journal in `dir`; unreadable ones are skipped (they cannot name an object).
    static QList<Entry> readAll(const QString &dir);

    // Thread-safe: chunk writers on several threads journal their chunks.
    Result<void> append(const QByteArray &chunkHash);
    // Removes the journal; the object is then complete or forgotten.
    void remove();
    const QString &path() const { return m_path; }

private:
    explicit PartialJournal(QString path);
    static std::optional<Entry> read(const QString &path);

    QString m_path;
    QFile m_file;
    QMutex m_mutex;
};

} // namespace streamsync
