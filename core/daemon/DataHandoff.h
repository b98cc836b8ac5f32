#pragma once

#include "daemon/HandoffProgress.h"
#include "daemon/PeerAddress.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"
#include "storage/StoredObject.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace streamsync {

class Clock;
class Database;
class NodeLink;
class NodeUploader;
class StorageService;

// A draining node hands every object it holds to another node before it leaves (DESIGN §5:
// "lets stored data be fetched away"), so leaving costs the network no replica:
//   for each object, its peers are tried in turn (a seeded order, rotated per object so the
//   load spreads); the object goes to the first that does not hold it yet and takes the whole
//   upload. Only then is it removed here. A peer that already holds it counts as a copy
//   elsewhere: when every peer refuses but one holds it, it is removed too (nothing is lost).
//   When no peer takes a new copy, the object stays and the handoff waits, says why, and tries
//   again a little later; a draining node still answers queries meanwhile. An object that some
//   peers already hold while the others refuse is given kHeldElsewhereRounds rounds to find a
//   new home; after that it is removed (its other copies remain) and the note says so, so a
//   drain among full or paused peers ends instead of waiting forever.
// Progress (objects and bytes) is written to the node's database (`handoff`, one row) after
// each object, so the console can show it and a restarted drain goes on where it stopped.
class DataHandoff : public QObject
{
    Q_OBJECT

public:
    static constexpr int kHeldElsewhereRounds = 6;

    struct Settings
    {
        std::chrono::milliseconds retryAfter{10'000};
        // An upload that has not finished in this long is given up (its link closed).
        std::chrono::milliseconds uploadTimeout{120'000};
    };

    DataHandoff(StorageService &storage, Database &db, const Clock &clock,
                const NodeCertificate &identity, const TransportConfig &transport,
                QList<PeerAddress> peers, quint32 seed, Settings settings,
                QObject *parent = nullptr);
    ~DataHandoff() override;

    // Starts handing off (once; again after stop()). The node must be Draining.
    void start();
    // Stops at once; what was handed off stays handed off, the rest stays here.
    void stop();
    bool isRunning() const { return m_running; }
    const HandoffProgress &progress() const { return m_progress; }

    // The row as the node last wrote it; nothing before the first drain.
    static std::optional<HandoffProgress> read(Database &db);

Q_SIGNALS:
    void progressed();
    void finished();

private:
    void openLinks();
    void nextObject();
    void tryNextPeer();
    void onUploaded(NodeUploader *uploader);
    void placed(const QString &where);
    void waitForPeers();
    void finish();
    void record();
    NodeLink *peerFor(int attempt) const;

    StorageService &m_storage;
    Database &m_db;
    const Clock &m_clock;
    NodeCertificate m_identity;
    TransportConfig m_transport;
    QList<PeerAddress> m_peers;
    quint32 m_seed;
    Settings m_settings;
    QList<NodeLink *> m_links;
    QList<QByteArray> m_pending; // object ids still here
    std::optional<StoredObject> m_object;
    QByteArray m_roundsObject; // the object the rounds count is for
    int m_rounds = 0;
    int m_attempt = 0;
    int m_heldElsewhere = 0;
    QStringList m_refusals;
    NodeUploader *m_uploader = nullptr;
    QTimer m_retry;
    QTimer m_timeout;
    HandoffProgress m_progress;
    bool m_running = false;
};

} // namespace streamsync
