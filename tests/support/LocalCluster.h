#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

class QProcess;

namespace streamsync {

class NodeHome;

// Real `streamsync-node run` processes on 127.0.0.1, for the gossip test and benchmark: node
// folders made in-process (fast key derivation), filled through the EventStore before the
// daemons start, then read back with read-only SQLite connections while they run. Each daemon's
// stderr goes to a file next to its folder, so a chatty node never blocks on a full pipe.
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

    // The first column of `sql` over node i's database, read-only (works while the node runs).
    Result<QList<QByteArray>> column(int i, const QString &sql) const;
    Result<qint64> eventCount(int i) const;
    QString stderrText(int i) const;
    QString stderrPath(int i) const;

    const Node &node(int i) const { return m_nodes.at(size_t(i)); }
    int size() const { return int(m_nodes.size()); }

private:
    Result<void> launch(int i, const QString &listen, const QList<int> &peers,
                        const QStringList &extraArguments);
    Result<void> waitForListening(Node &node);

    QString m_root;
    QString m_passphrase;
    std::vector<Node> m_nodes;
};

} // namespace streamsync
