#pragma once

#include "daemon/ServeHooks.h"
#include "daemon/ServingProfile.h"
#include "daemon/StorageWork.h"
#include "net/Messages.h"
#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QCborMap>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace streamsync {

class ChunkStore;
class NodeHome;
class PeerConnection;
class StorageSession;

// A node's storage at work (issue #4): its ChunkStore in `<data>/store` with the quota of its
// record, answering peers' store_manifest, store_chunk, query and fetch_chunk on every
// connection given to attach(). Disk work and hashing run on a small pool of worker threads
// (blocking ChunkStore calls, never on the event loop); replies come back to this thread.
//
// What a node serves follows its lifecycle state (DESIGN §5), re-read every refresh: uploads
// only when Online; queries when Online or Draining (a draining node lets its data be fetched
// away); a Suspended node (the protocol's verdict on its accuracy) serves nothing. Each refresh
// also applies a changed quota and writes the store's used bytes into the node's record, so
// `streamsync-node status` and the console see them.
class StorageService : public QObject
{
    Q_OBJECT

public:
    // `hooks`: the test hooks (ServeHooks); `profile`: the hardware a local-network node plays.
    StorageService(NodeHome &home, ServeHooks hooks, ServingProfile profile,
                   QObject *parent = nullptr);
    ~StorageService() override;

    // Needs the node key unlocked (answers are signed with it).
    Result<void> open();
    void attach(PeerConnection *connection);
    // Refuses new work, waits for what runs, records the used bytes. Safe to call twice.
    void stop();
    // Re-reads the lifecycle state and quota, records the used bytes; also runs on a timer.
    void refresh();

    qint64 usedBytes() const;
    const ServeHooks &hooks() const { return m_hooks; }
    ServingProfile &profile() { return m_profile; }
    // The store's quota (the record's, capped by the serving profile) and what is left of it.
    qint64 quotaBytes() const;
    qint64 freeBytes() const;
    // The node holds every chunk of the object.
    bool holds(const QByteArray &objectId) const;
    StorageWork &work() { return *m_work; }
    // The store itself (null before open()), for a drain's handoff.
    ChunkStore *store() { return m_store.get(); }
    // Records the used bytes now (after the store changed outside a session).
    void recordUsage() { recordUsedBytes(); }
    LifecycleState state() const { return m_state; }

    // An error reply when this node does not take `type` in its current state.
    std::optional<QCborMap> refusal(MessageType type, quint64 requestId) const;
    // Runs `job` on a worker and hands its outcome to `session` (if it still exists).
    void run(StorageSession *session, std::function<StorageWork::Outcome()> job);

Q_SIGNALS:
    // refresh() found the node in another lifecycle state.
    void stateChanged(streamsync::LifecycleState state);

private:
    void recordUsedBytes();

    NodeHome &m_home;
    ServeHooks m_hooks;
    ServingProfile m_profile;
    std::unique_ptr<ChunkStore> m_store;
    std::unique_ptr<StorageWork> m_work;
    QThreadPool m_pool;
    QTimer m_refresh;
    LifecycleState m_state = LifecycleState::Starting;
    qint64 m_recordedUsed = -1;
    bool m_wrote = false;
    bool m_stopped = false;
};

} // namespace streamsync
