#include "node/NodeHome.h"

#include "crypto/NodeId.h"
#include "db/Database.h"
#include "log/EventStore.h"
#include "node/LifecycleLog.h"
#include "node/NodeRepository.h"
#include "params/Parameters.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

namespace streamsync {

NodeHome::NodeHome(QString dir, const Clock &clock) : m_dir(std::move(dir)), m_clock(clock) {}

NodeHome::~NodeHome() = default;

QString NodeHome::keyPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("node.key"));
}

QString NodeHome::databasePath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("node.sqlite"));
}

QString NodeHome::idHex() const
{
    return NodeId::fromPublicKey(m_publicKey).toHex();
}

Result<void> NodeHome::openDatabase(bool create)
{
    auto db = Database::open(databasePath(m_dir), create ? Database::OpenMode::CreateIfMissing
                                                         : Database::OpenMode::ExistingOnly);
    if (!db)
        return Error{db.error()};
    m_db = std::move(db.value());
    m_repository = std::make_unique<NodeRepository>(*m_db, m_clock);
    m_log = std::make_unique<EventStore>(*m_db, Parameters::defaults().maxEventBytes);
    return {};
}

Result<std::unique_ptr<NodeHome>> NodeHome::init(const QString &dir, const InitOptions &options,
                                                 const QString &passphrase, const Clock &clock)
{
    const QString absolute = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (QFile::exists(keyPath(absolute)) || QFile::exists(databasePath(absolute)))
        return fail(QStringLiteral("%1 already holds a node; nothing was changed").arg(absolute));
    if (!QDir().mkpath(absolute))
        return fail(QStringLiteral("cannot create %1").arg(absolute));
    auto home = initFiles(absolute, options, passphrase, clock);
    if (!home) {
        // Everything init wrote goes again, so a retry starts clean instead of meeting a key
        // without a database ("already holds a node").
        for (const QString &path : QStringList{keyPath(absolute), databasePath(absolute),
                                               databasePath(absolute) + QStringLiteral("-wal"),
                                               databasePath(absolute) + QStringLiteral("-shm")})
            QFile::remove(path);
    }
    return home;
}

Result<std::unique_ptr<NodeHome>> NodeHome::initFiles(const QString &absolute,
                                                      const InitOptions &options,
                                                      const QString &passphrase, const Clock &clock)
{
    auto key = Ed25519SigningKey::generate();
    if (!key)
        return Error{key.error()};
    if (auto written = KeyFile::create(keyPath(absolute), key.value(), KeyRole::Node, passphrase,
                                       options.cost);
        !written)
        return Error{written.error()};

    std::unique_ptr<NodeHome> home(new NodeHome(absolute, clock));
    home->m_publicKey = key->publicKey();
    home->m_key.emplace(std::move(key.value()));
    if (auto opened = home->openDatabase(true); !opened)
        return Error{opened.error()};
    if (auto recorded = home->recordSelf(options.name, options.quotaBytes); !recorded)
        return Error{recorded.error()};
    return home;
}

// The record, its first transition and their events land together or not at all.
Result<void> NodeHome::recordSelf(const QString &name, qint64 quotaBytes)
{
    NodeRecord self;
    self.id = idHex();
    self.name = name.isEmpty() ? NodeId::fromPublicKey(m_publicKey).shortText() : name;
    self.folder = m_dir;
    self.quotaBytes = quotaBytes;
    self.publicKey = m_publicKey;
    LifecycleLog logged(*m_db, *m_repository, m_clock, *m_key,
                        Parameters::defaults().maxEventBytes);
    return m_db->transaction([&]() -> Result<void> {
        if (auto added = logged.addNode(self); !added)
            return Error{added.error()};
        if (auto ready = logged.transition(self.id, LifecycleState::Stopped,
                                           QStringLiteral("initialised"), Actor::Operator);
            !ready)
            return Error{ready.error()};
        return {};
    });
}

Result<std::unique_ptr<NodeHome>> NodeHome::adopt(const QString &dir, const QString &name,
                                                  qint64 quotaBytes, const QString &passphrase,
                                                  const Clock &clock)
{
    const QString absolute = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (QFile::exists(databasePath(absolute))) {
        auto home = open(absolute, clock);
        if (home) {
            if (auto unlocked = home.value()->unlock(passphrase); !unlocked)
                return Error{unlocked.error()};
        }
        return home;
    }
    auto key = KeyFile::load(keyPath(absolute), KeyRole::Node, passphrase);
    if (!key)
        return Error{key.error()};
    std::unique_ptr<NodeHome> home(new NodeHome(absolute, clock));
    home->m_publicKey = key->publicKey();
    home->m_key.emplace(std::move(key.value()));
    auto recorded = home->openDatabase(true);
    if (recorded)
        recorded = home->recordSelf(name, quotaBytes);
    if (!recorded) {
        home.reset();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(databasePath(absolute) + suffix);
        return Error{recorded.error()};
    }
    return home;
}

Result<std::unique_ptr<NodeHome>> NodeHome::open(const QString &dir, const Clock &clock)
{
    const QString absolute = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const auto publicKey = KeyFile::readPublicKey(keyPath(absolute));
    if (!publicKey)
        return fail(QStringLiteral("%1 is not an initialised node folder (%2); run "
                                   "`streamsync-node init --data %1` first")
                        .arg(absolute, publicKey.error()));
    std::unique_ptr<NodeHome> home(new NodeHome(absolute, clock));
    home->m_publicKey = publicKey.value();
    if (auto opened = home->openDatabase(false); !opened)
        return Error{opened.error()};
    return home;
}

Result<void> NodeHome::unlock(const QString &passphrase)
{
    auto key = KeyFile::load(keyPath(m_dir), KeyRole::Node, passphrase);
    if (!key)
        return Error{key.error()};
    m_key.emplace(std::move(key.value()));
    return {};
}

Result<NodeRecord> NodeHome::record() const
{
    return m_repository->node(idHex());
}

Result<NodeRecord> NodeHome::transition(LifecycleState to, const QString &why, Actor who)
{
    if (!m_key)
        return fail(QStringLiteral("unlock the node key first"));
    return LifecycleLog(*m_db, *m_repository, m_clock, *m_key, Parameters::defaults().maxEventBytes)
        .transition(idHex(), to, why, who);
}

} // namespace streamsync
