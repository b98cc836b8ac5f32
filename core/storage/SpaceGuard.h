#pragma once

#include "util/Result.h"

#include <QMutex>
#include <QString>

#include <atomic>

namespace streamsync {

// Admits writes against the operator's quota (the spare space allocated to the node) and the
// filesystem's free space, which must keep a safety margin for everything else on the disk.
// A refusal says which limit and by how much, in the operator's units (MiB, GiB). The checks
// refuse early and clearly; a disk filled by someone else between two checks still ends the
// write with "disk full" from the write itself.
class SpaceGuard
{
public:
    SpaceGuard(QString root, qint64 quotaBytes, qint64 diskMarginBytes);

    qint64 quotaBytes() const { return m_quotaBytes.load(); }
    void setQuotaBytes(qint64 bytes) { m_quotaBytes = bytes; }

    // May a whole object of `objectBytes` be stored while the store holds `usedBytes`? Asks
    // the filesystem afresh (also for a size not known, -1, which admits it for now).
    // `storing` names it for the message, e.g. "3.0 MiB".
    Result<void> reserve(qint64 usedBytes, qint64 objectBytes, const QString &storing);
    // May one more chunk of `addingBytes` be written while the store holds `usedBytes`
    // (counting chunks in flight), `unwrittenBytes` of which may not be on disk yet?
    Result<void> admit(qint64 usedBytes, qint64 addingBytes, qint64 unwrittenBytes,
                       const QString &storing);

    // "10 MiB", "10.2 MiB", "512 bytes": IEC units, one decimal unless the value is whole.
    static QString formatBytes(qint64 bytes);

private:
    Result<void> check(qint64 usedBytes, qint64 addingBytes, qint64 available,
                       const QString &storing) const;
    qint64 estimateAvailable(qint64 addingBytes, qint64 unwrittenBytes);

    QString m_root;
    std::atomic<qint64> m_quotaBytes;
    const qint64 m_diskMarginBytes;
    QMutex m_mutex;
    qint64 m_queriedAvailable = -1;
    qint64 m_admittedSinceQuery = 0;
};

} // namespace streamsync
