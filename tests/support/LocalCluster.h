#pragma once

#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <QProcessEnvironment>

#include <functional>
#include <memory>
#include <vector>

class QProcess;
class QTemporaryDir;

namespace streamsync {

class NodeHome;

// Real `streamsync-node run` processes on 127.0.0.1, for the gossip test and benchmark: node
// folders made in-process (fast key derivation), filled through the EventStore before the
// daemons start, then read back with read-only SQLite connections while they run. Each daemon's
// stderr goes to a file next to its folder, so a chatty node never blocks on a full pipe.
// Storage tests also run `customer` commands against them, SIGKILL nodes, give them test hooks
// in their environment, and place them elsewhere than loopback (a network namespace).
// Keeps `dir` after the test when STREAMSYNC_KEEP_TEST_DIRS is set, for a post-mortem of the
// daemons' logs (node*.stderr.txt) and databases, and says where it is.
void keepTestDirIfAsked(QTemporaryDir &dir);

class LocalCluster
{
public:
    struct Node
    {
        QString dir;
        QString idHex;
        QByteArray publicKey;
        QProcess *process = nullptr;
        quint16 port = 0;
        QString out;
        // Where it listens, and what its command line starts with (e.g. `ip netns exec NS`):
        // set with place() before the first start.
        QString host = QStringLiteral("127.0.0.1");
        QStringList launcher;
        // Added to the daemon's environment (test hooks such as STREAMSYNC_TEST_SERVE_*).
        QStringList environment;
    };

    // A finished `streamsync-node` command (customer store/fetch/load and the like).
    struct CommandRun
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    LocalCluster(QString root, QString passphrase);
    ~LocalCluster();

    // Initialises a node folder; returns its index.
    Result<int> addNode(const QString &name);
    // Opens node i's folder with its key unlocked and runs `work` in one database transaction.
    Result<void> withHome(int i, const std::function<Result<void>(NodeHome &)> &work);
    // Signs `count` offers into node i's own feed.
    Result<void> appendOffers(int i, int count);

    // Starts node i, dialling the nodes in `peers` (already started), and waits for its
    // "listening on" line.
    Result<void> start(int i, const QList<int> &peers, const QStringList &extraArguments);
    // Starts a stopped node again on the port it had, so its peers' dialers find it.
    Result<void> restart(int i, const QList<int> &peers, const QStringList &extraArguments);
    // SIGTERM, then waits for the exit; fails unless it exits normally with code 0.
    Result<void> stop(int i, int timeoutMs);
    bool isRunning(int i) const;
    // SIGKILL, then waits for the process to be gone: a crash, as far as the node can tell.
    void kill(int i);

    // Runs node i inside `launcher` (e.g. {"ip", "netns", "exec", NS}) listening on `host`.
    void place(int i, const QString &host, const QStringList &launcher);
    // "NAME=VALUE" entries added to node i's environment from its next start on.
    void setEnvironment(int i, const QStringList &entries)
    {
        m_nodes.at(size_t(i)).environment = entries;
    }
    // "HOST:PORT@ID" of a started node, as --peer expects it.
    QString peerArgument(int i) const;

    // A customer folder with its key (fast key derivation), for `customer` commands.
    Result<QString> addCustomer(const QString &name);
    // Starts `streamsync-node ARGS` (inside `launcher` if given) with the cluster's passphrase;
    // the caller owns the process. Its stderr goes to `stderrPath` when given.
    QProcess *startCommand(const QStringList &arguments, const QStringList &launcher = {},
                           const QString &stderrPath = {}) const;
    // Runs it to the end (killed after `timeoutMs`).
    CommandRun runCommand(const QStringList &arguments, int timeoutMs,
                          const QStringList &launcher = {}) const;

    // The first column of `sql` over node i's database, read-only (works while the node runs).
    Result<QList<QByteArray>> column(int i, const QString &sql) const;
    Result<qint64> eventCount(int i) const;
    QString stderrText(int i) const;
    QString stderrPath(int i) const;

    const Node &node(int i) const { return m_nodes.at(size_t(i)); }
    int size() const { return int(m_nodes.size()); }

    // A market network for the cluster (docs/market.md): a new genesis key, ROOT/network.json
    // with `params`, and a genesis event starting now that grants `grants`, imported into every
    // node added so far (call it before their first start). Returns network.json's path.
    Result<QString> createNetwork(const Parameters &params, const QMap<QByteArray, Money> &grants);
    // Puts the genesis into a customer folder's database, so `customer load` knows when epochs
    // start and what it was granted.
    Result<void> importGenesisToCustomer(const QString &customerDir) const;
    // The raw Ed25519 key of a customer folder.
    static Result<QByteArray> customerKey(const QString &customerDir);

private:
    Result<void> launch(int i, const QString &listen, const QList<int> &peers,
                        const QStringList &extraArguments);
    Result<void> waitForListening(Node &node);
    QProcessEnvironment commandEnvironment() const;

    QString m_root;
    QString m_passphrase;
    std::vector<Node> m_nodes;
    QByteArray m_genesis; // the encoded genesis event of createNetwork()
    Parameters m_params = Parameters::defaults();
};

} // namespace streamsync
