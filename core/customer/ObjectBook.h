#pragma once

#include "daemon/PeerAddress.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace streamsync {

// What a customer remembers of the objects it stored (`DIR/objects.json`): each object's size,
// chunk hashes (an audit's fetch_chunk names the chunk by hash) and the nodes that acknowledged
// holding it, so `load` and `fetch` know whom to ask without being told again. Written aside and
// renamed, so a crash never leaves half a book.
class ObjectBook
{
public:
    struct Entry
    {
        QByteArray objectId;
        qint64 size = 0;
        QList<QByteArray> chunkHashes;
        QList<PeerAddress> holders;

        qint64 chunkCount() const { return chunkHashes.size(); }
    };

    static QString pathIn(const QString &dir);
    // An empty book when the file does not exist yet.
    static Result<ObjectBook> load(const QString &dir);
    Result<void> save() const;

    // Adds or replaces the entry; holders are merged with those already known.
    void remember(const Entry &entry);
    const Entry *find(const QByteArray &objectId) const;
    QList<QByteArray> objectIds() const { return m_entries.keys(); }
    // Every holder of every object, once each.
    QList<PeerAddress> allHolders() const;
    bool isEmpty() const { return m_entries.isEmpty(); }

private:
    QString m_dir;
    QMap<QByteArray, Entry> m_entries;
};

} // namespace streamsync
