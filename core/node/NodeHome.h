#pragma once

#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "node/Lifecycle.h"
#include "node/NodeRecord.h"
#include "util/Result.h"

#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

class Clock;
class Database;
class EventStore;
class NodeRepository;

// A headless node's data folder (DESIGN §10 `--data DIR`): `node.key` (encrypted) and
// `node.sqlite` (its own record, lifecycle history and log). Used by `streamsync-node`; the
// console keeps its nodes in the operator profile instead. The node's feed starts with its
// `node_announce` and records every lifecycle transition, signed by the node key.
class NodeHome
{
public:
    struct InitOptions
    {
        QString name;
        qint64 quotaBytes = 10LL << 30;
        ScryptCost cost;
    };

    ~NodeHome();

    // Creates the folder's key and database, and signs the node's announce and its first
    // transition into its feed; refuses a folder that already holds a node.
    static Result<std::unique_ptr<NodeHome>> init(const QString &dir, const InitOptions &options,
                                                  const QString &passphrase, const Clock &clock);
    // Gives a folder that holds only a node key (the console's addNode writes just the key) the
    // database `run` needs: records the node as `init` would, signed by that key, unlocked. A
    // folder that already has its database is opened and unlocked as it is.
    static Result<std::unique_ptr<NodeHome>> adopt(const QString &dir, const QString &name,
                                                   qint64 quotaBytes, const QString &passphrase,
                                                   const Clock &clock);
    // Opens an initialised folder without unlocking its key.
    static Result<std::unique_ptr<NodeHome>> open(const QString &dir, const Clock &clock);
    Result<void> unlock(const QString &passphrase);

    const QString &dir() const { return m_dir; }
    const QByteArray &publicKey() const { return m_publicKey; }
    QString idHex() const;
    const Ed25519SigningKey *signingKey() const { return m_key ? &*m_key : nullptr; }
    Database &database() { return *m_db; }
    NodeRepository &repository() { return *m_repository; }
    EventStore &log() { return *m_log; }
    Result<NodeRecord> record() const;

    // Moves the node to `to` and signs a `lifecycle_change` into its feed, in one transaction.
    // Needs the key unlocked: an unsigned transition would leave the log behind the history.
    Result<NodeRecord> transition(LifecycleState to, const QString &why, Actor who);

    static QString keyPath(const QString &dir);
    static QString databasePath(const QString &dir);

private:
    NodeHome(QString dir, const Clock &clock);
    static Result<std::unique_ptr<NodeHome>> initFiles(const QString &absolute,
                                                       const InitOptions &options,
                                                       const QString &passphrase,
                                                       const Clock &clock);
    Result<void> openDatabase(bool create);
    Result<void> recordSelf(const QString &name, qint64 quotaBytes);

    QString m_dir;
    const Clock &m_clock;
    QByteArray m_publicKey;
    std::optional<Ed25519SigningKey> m_key;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeRepository> m_repository;
    std::unique_ptr<EventStore> m_log;
};

} // namespace streamsync
