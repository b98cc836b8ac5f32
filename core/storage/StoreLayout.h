#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace streamsync {

// Where a chunk store keeps what (DESIGN §6):
//   chunks/ab/abcdef…   a chunk, named by the hex SHA-256 of its bytes (256-way fan-out)
//   objects/<id>        an object's manifest; written last, so its presence means "complete"
//   partial/<random>    journal of an object being stored (or interrupted while being stored)
//   tmp/<random>        files being written; never complete, removed at open
//   quarantine/…        chunks a scrub found corrupt, kept for inspection
class StoreLayout
{
public:
    explicit StoreLayout(const QString &root);

    // Creates the folders (all 256 fan-out folders up front, so a store never has to create
    // and sync a folder on the write path).
    Result<void> create() const;

    const QString &root() const { return m_root; }
    QString chunksDir() const;
    QString chunkDir(const QByteArray &hash) const;
    QString chunkPath(const QByteArray &hash) const;
    QString objectsDir() const;
    QString manifestPath(const QByteArray &objectId) const;
    QString partialDir() const;
    QString tmpDir() const;
    QString quarantineDir() const;
    QString lockPath() const;
    // A fresh random name in tmp/ (the caller creates it exclusively).
    QString newTmpPath() const;

private:
    QString m_root;
};

} // namespace streamsync
