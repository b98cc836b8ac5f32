#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QSaveFile>
#include <QString>

#include <chrono>

namespace streamsync {

class ChunkRace;
class NodeLink;
class PeerSet;

// `customer fetch`: rebuilds an object from its id alone. Chunk 0 is raced first (its verified
// answer tells the leaf count, bound to the id by the proofs of every later chunk, the last one
// included); then up to `window` chunks are raced at once, each among every node of the set. The
// file is written through QSaveFile, in order, and committed only when every chunk verified, so
// a failed fetch never leaves a partial file under the name asked for.
class FetchJob : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultWindow = 4;

    FetchJob(PeerSet &peers, const QByteArray &objectId, const QString &outPath,
             std::chrono::milliseconds sla, int window = kDefaultWindow, QObject *parent = nullptr);

    void start();
    bool succeeded() const { return m_done && m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qint64 bytesWritten() const { return m_written; }
    qint64 chunkCount() const { return m_leafCount; }
    // Chunks won per node (short id), for the summary.
    const QMap<QString, int> &wins() const { return m_wins; }
    int rejectedAnswers() const { return m_rejected; }

Q_SIGNALS:
    void finished();

private:
    void race(qint64 index);
    void raceMore();
    void onRaceFinished(ChunkRace *race);
    Result<void> writeReady();
    void finish(const QString &error);

    PeerSet &m_peers;
    QByteArray m_objectId;
    std::chrono::milliseconds m_sla;
    int m_window;
    QSaveFile m_out;
    QHash<qint64, QByteArray> m_ready;
    qint64 m_leafCount = 0;
    qint64 m_nextToRace = 0;
    qint64 m_nextToWrite = 0;
    qint64 m_written = 0;
    int m_racing = 0;
    QMap<QString, int> m_wins;
    int m_rejected = 0;
    bool m_done = false;
    QString m_error;
};

} // namespace streamsync
