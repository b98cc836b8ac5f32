#pragma once

#include "localnet/LocalNetworkLayout.h"
#include "localnet/LocalNetworkSpec.h"
#include "localnet/LocalnetManifest.h"
#include "localnet/ProcessGroup.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>

#include <optional>

namespace streamsync {

class LocalProcess;

// The embedded local network (DESIGN §8): competitor nodes, each a separate
// `streamsync-node run` process with its own pricing strategy and hardware profile, connected in
// a mesh on loopback, and a customer that stores a few objects and then races queries at a
// steady rate. The console starts one when it has no bootstrap peers; `streamsync-node
// localnet` runs one without a GUI.
//
// start() prepares the folder off the calling thread (LocalNetworkSetup), starts the nodes one
// by one (each dials those before it), stores the objects with `customer store`, starts `customer
// load`, writes DIR/localnet.json and emits started(). Every child is in the network's process
// group and gets SIGTERM if this process dies (ProcessGroup), so none outlives it. Call start()
// and stop() from the thread that will keep running (the GUI thread): the kernel's
// parent-death signal follows the thread that started a child.
//
// A child that exits on its own is reported with processFailed() and left down; restart(name)
// starts it again (a node on the port it had, so its peers find it).
class LocalNetwork : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle,
        Preparing,
        StartingNodes,
        StoringObjects,
        Running,
        Stopping,
        Stopped,
        Failed
    };
    Q_ENUM(State)

    // One child process as localnet.json describes it (name, role, node id, listen address,
    // data folder, strategy and profile, pid, state).
    using Process = LocalnetManifest::Process;

    explicit LocalNetwork(LocalNetworkSpec spec, QObject *parent = nullptr);
    // Kills whatever still runs, without a grace: stop() first for a clean end.
    ~LocalNetwork() override;

    const LocalNetworkSpec &spec() const { return m_spec; }
    State state() const { return m_state; }
    static QString stateName(State state);
    // Paths in the folder; empty until the folder is prepared.
    QString networkFile() const;
    QString manifestFile() const;
    QString passphraseFile() const;
    QList<Process> processes() const;
    // "HOST:PORT@ID" of every node that listens: what a joining node passes as --peer.
    QStringList peerArguments() const;
    QStringList objectIds() const { return m_objectIds; }
    // Why the network failed (state Failed).
    const QString &failure() const { return m_failure; }

public Q_SLOTS:
    void start();
    void stop();
    void restart(const QString &name);
    // A node that is not a competitor (the console's own, "HOST:PORT@ID") joins the customer's
    // market: once the network runs, the customer's load stops, every object is stored on the
    // guest too, and the load starts again with the guest among its peers, so the guest is raced
    // and paid like any competitor. A guest already admitted under another address (a restart
    // on a new port) is admitted again at the new one.
    void admitGuest(const QString &peer);

Q_SIGNALS:
    void stateChanged(streamsync::LocalNetwork::State state);
    // Every node listens, the objects are stored and the customer's load runs.
    void started();
    void stopped();
    void failed(const QString &reason);
    void processStarted(const QString &name);
    void processFailed(const QString &name, const QString &reason, int exitCode);
    void processRestarted(const QString &name);
    // processes() changed (a pid, a state, an address); localnet.json is rewritten too.
    void processesChanged();
    // A line a child printed on stdout (the customer's per-epoch summaries, a node's status).
    void output(const QString &name, const QString &line);

private:
    struct Child
    {
        LocalProcess *process = nullptr;
        QString role; // node, store, customer
        int nodeIndex = -1;
        QString state;
        quint16 port = 0;
        QStringList arguments; // of the last start
    };

    void setState(State state);
    void onPrepared(const Result<LocalNetworkLayout> &layout);
    Result<void> checkNotRunning() const;
    void startNode(int index);
    QStringList nodeArguments(int index) const;
    void onNodeListening(int index, const QString &address);
    void storeNext();
    void onStored(int exitCode);
    void startCustomer();
    QStringList customerArguments(const QString &command) const;
    QStringList loadArguments() const;
    void admitNextGuest();
    void storeOnGuest();
    void onGuestStored(const QString &name, int exitCode, bool crashed);
    void finishAdmission();
    void abandonAdmission();
    LocalProcess *launch(const QString &name, const QString &role, const QStringList &arguments,
                         int nodeIndex);
    void onExited(const QString &name, int exitCode, bool crashed, bool requested);
    void relaunch(const QString &name);
    void failWith(const QString &reason);
    void checkStopped();
    void killAll();
    void changed(const QString &name, const QString &state);
    void writeManifest();
    Process describe(const QString &name, const Child &child) const;

    LocalNetworkSpec m_spec;
    State m_state = State::Idle;
    std::optional<LocalNetworkLayout> m_layout;
    ProcessGroup m_group;
    QList<QString> m_order; // child names in start order
    QHash<QString, Child> m_children;
    QSet<QString> m_restarting;
    QStringList m_objectIds;
    int m_nextObject = 0;
    QStringList m_guests;     // admitted guests, HOST:PORT@ID
    QStringList m_guestQueue; // waiting for their objects
    QString m_admitting;      // the guest whose objects are being stored
    int m_nextGuestObject = 0;
    QString m_storeOutput;
    QTimer m_startTimeout;
    QTimer m_stopTimeout;
    QTimer m_guestTimeout;
    QString m_failure;
    // One thread: the manifest's writes (each fsynced by QSaveFile) stay in order and off the
    // owner's thread, which is the console's GUI thread.
    QThreadPool m_manifestWriter;
};

} // namespace streamsync
