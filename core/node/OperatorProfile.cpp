#include "node/OperatorProfile.h"

#include "crypto/NodeId.h"
#include "crypto/Sha256.h"
#include "db/Database.h"
#include "node/LifecycleLog.h"
#include "node/NodeRepository.h"
#include "params/Parameters.h"
#include "storage/StoreLayout.h"
#include "util/Clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

#include <openssl/crypto.h>

namespace streamsync {

using interfaces::DiskSpace;
using interfaces::NewNodeRequest;
using interfaces::NodeSummary;
using interfaces::ProfileStatus;

namespace {

const QString kNodeKeyName = QStringLiteral("node.key");

NodeSummary summaryOf(const NodeRecord &record)
{
    NodeSummary s;
    s.id = record.id;
    s.shortId = NodeId::fromHex(record.id).shortText();
    s.name = record.name;
    s.folder = record.folder;
    s.quotaBytes = record.quotaBytes;
    s.usedBytes = record.usedBytes;
    s.state = record.state;
    s.createdMs = record.createdMs;
    return s;
}

Result<NodeSummary> summaryOf(const Result<NodeRecord> &record)
{
    if (!record)
        return Error{record.error()};
    return summaryOf(record.value());
}

// The console signs every change of its nodes into the operator's feed (DESIGN §4), in the same
// transaction as the change itself.
LifecycleLog operatorLog(Database &db, NodeRepository &nodes, const Clock &clock,
                         const Ed25519SigningKey &operatorKey)
{
    return LifecycleLog(db, nodes, clock, operatorKey, Parameters::defaults().maxEventBytes);
}

QString nearestExistingDir(QString path)
{
    QFileInfo info(path);
    while (!info.exists() && !info.isRoot() && !path.isEmpty()) {
        path = info.absolutePath();
        info = QFileInfo(path);
    }
    return path;
}

} // namespace

Result<DiskSpace> diskSpaceOf(const QString &folder)
{
    if (folder.isEmpty() || QDir::isRelativePath(folder))
        return fail(QStringLiteral("choose an absolute folder path"));
    QStorageInfo storage(nearestExistingDir(folder));
    if (!storage.isValid() || !storage.isReady())
        return fail(QStringLiteral("cannot read the free space for %1").arg(folder));
    return DiskSpace{storage.rootPath(), storage.bytesAvailable(), storage.bytesTotal()};
}

OperatorProfile::OperatorProfile(QString dir, std::shared_ptr<const Clock> clock, ScryptCost cost)
    : m_dir(std::move(dir)), m_clock(std::move(clock)), m_cost(cost)
{}

OperatorProfile::~OperatorProfile()
{
    close();
}

QString OperatorProfile::keyPath() const
{
    return QDir(m_dir).filePath(QStringLiteral("operator.key"));
}

QString OperatorProfile::databasePath() const
{
    return QDir(m_dir).filePath(QStringLiteral("operator.sqlite"));
}

void OperatorProfile::close()
{
    m_nodes.reset();
    m_db.reset();
    m_operatorKey.reset();
}

ProfileStatus OperatorProfile::status() const
{
    ProfileStatus s;
    s.profileDir = m_dir;
    const auto publicKey = KeyFile::readPublicKey(keyPath());
    s.hasOperatorKey = QFile::exists(keyPath());
    if (publicKey)
        s.operatorShortId = NodeId::fromPublicKey(publicKey.value()).shortText();
    return s;
}

Result<ProfileStatus> OperatorProfile::open()
{
    if (m_db)
        return status();
    if (!QDir().mkpath(m_dir))
        return fail(QStringLiteral("cannot create the profile folder %1").arg(m_dir));
    auto db = Database::open(databasePath(), Database::OpenMode::CreateIfMissing);
    if (!db)
        return Error{db.error()};
    m_db = std::move(db.value());
    m_nodes = std::make_unique<NodeRepository>(*m_db, *m_clock);
    return status();
}

Result<ProfileStatus> OperatorProfile::createOperatorKey(const QString &passphrase)
{
    if (auto ok = requireOpen(); !ok)
        return Error{ok.error()};
    auto key = Ed25519SigningKey::generate();
    if (!key)
        return Error{key.error()};
    if (auto written =
            KeyFile::create(keyPath(), key.value(), KeyRole::Operator, passphrase, m_cost);
        !written)
        return Error{written.error()};
    m_operatorKey.emplace(std::move(key.value()));
    return status();
}

Result<ProfileStatus> OperatorProfile::unlock(const QString &passphrase)
{
    if (auto ok = requireOpen(); !ok)
        return Error{ok.error()};
    auto key = KeyFile::load(keyPath(), KeyRole::Operator, passphrase);
    if (!key)
        return Error{key.error()};
    m_operatorKey.emplace(std::move(key.value()));
    return status();
}

Result<void> OperatorProfile::requireOpen() const
{
    if (!m_db)
        return fail(QStringLiteral("the operator profile is not open"));
    return {};
}

Result<void> OperatorProfile::requireUnlocked() const
{
    if (auto ok = requireOpen(); !ok)
        return ok;
    if (!m_operatorKey)
        return fail(QStringLiteral("unlock the operator key first"));
    return {};
}

Result<QList<NodeSummary>> OperatorProfile::nodes()
{
    if (auto ok = requireOpen(); !ok)
        return Error{ok.error()};
    const auto records = m_nodes->nodes();
    if (!records)
        return Error{records.error()};
    QList<NodeSummary> list;
    for (const NodeRecord &record : records.value())
        list.append(summaryOf(record));
    return list;
}

Result<void> OperatorProfile::checkNewNode(const NewNodeRequest &request) const
{
    if (request.name.trimmed().isEmpty())
        return fail(QStringLiteral("give the node a name"));
    if (request.quotaBytes <= 0)
        return fail(QStringLiteral("the quota must be more than zero"));
    const auto space = diskSpaceOf(request.folder);
    if (!space)
        return Error{space.error()};
    if (request.quotaBytes > space->freeBytes)
        return fail(QStringLiteral("the quota (%1 bytes) is more than the %2 bytes free on %3")
                        .arg(request.quotaBytes)
                        .arg(space->freeBytes)
                        .arg(space->mountRoot));
    if (QFile::exists(QDir(request.folder).filePath(kNodeKeyName)))
        return fail(
            QStringLiteral("%1 already holds a node; choose an empty folder").arg(request.folder));
    if (!QDir().mkpath(request.folder))
        return fail(QStringLiteral("cannot create the folder %1").arg(request.folder));
    if (!QFileInfo(request.folder).isWritable())
        return fail(QStringLiteral("the folder %1 is not writable").arg(request.folder));
    return {};
}

// Node keys are encrypted with a secret derived from the operator key, so unlocking the operator
// unlocks its nodes without keeping the passphrase in memory. The secret is 256 random bits, so the
// scrypt cost adds nothing; it is kept for a single file format.
QString OperatorProfile::nodeKeyPassphrase() const
{
    QByteArray seed = m_operatorKey->seed();
    const QByteArray secret =
        sha256(QByteArray(QByteArray("streamsync/node-key/v1:") + seed)).toHex();
    OPENSSL_cleanse(seed.data(), size_t(seed.size()));
    return QString::fromLatin1(secret);
}

Result<SecretBox> OperatorProfile::secretBox() const
{
    if (auto ok = requireUnlocked(); !ok)
        return Error{ok.error()};
    QByteArray seed = m_operatorKey->seed();
    SecretBox box(sha256(QByteArray(QByteArray("streamsync/profile-secrets/v1:") + seed)));
    OPENSSL_cleanse(seed.data(), size_t(seed.size()));
    return box;
}

Result<void> OperatorProfile::writeNodeKey(const NodeRecord &node,
                                           const Ed25519SigningKey &key) const
{
    return KeyFile::create(QDir(node.folder).filePath(kNodeKeyName), key, KeyRole::Node,
                           nodeKeyPassphrase(), ScryptCost::fastForTests());
}

Result<NodeSummary> OperatorProfile::addNode(const NewNodeRequest &request)
{
    if (auto ok = requireUnlocked(); !ok)
        return Error{ok.error()};
    if (auto ok = checkNewNode(request); !ok)
        return Error{ok.error()};
    auto key = Ed25519SigningKey::generate();
    if (!key)
        return Error{key.error()};

    NodeRecord record;
    record.id = NodeId::fromPublicKey(key->publicKey()).toHex();
    record.name = request.name.trimmed();
    record.folder = QDir::cleanPath(QFileInfo(request.folder).absoluteFilePath());
    record.quotaBytes = request.quotaBytes;
    record.publicKey = key->publicKey();
    LifecycleLog logged = operatorLog(*m_db, *m_nodes, *m_clock, *m_operatorKey);
    const auto added = logged.addNode(record);
    if (!added)
        return Error{added.error()};
    // Recorded first, provisioned second: if writing the key fails the node is kept, as Failed
    // with the reason, rather than silently forgotten.
    if (auto written = writeNodeKey(added.value(), key.value()); !written)
        return summaryOf(
            logged.transition(record.id, LifecycleState::Failed, written.error(), Actor::Node));
    return summaryOf(logged.transition(record.id, LifecycleState::Stopped,
                                       QStringLiteral("key and storage folder ready"),
                                       Actor::Operator));
}

Result<NodeSummary> OperatorProfile::changeState(const QString &nodeId, LifecycleState target,
                                                 const QString &why)
{
    if (auto ok = requireUnlocked(); !ok)
        return Error{ok.error()};
    const QString reason = why.trimmed().isEmpty() ? QStringLiteral("operator request") : why;
    const auto changed = operatorLog(*m_db, *m_nodes, *m_clock, *m_operatorKey)
                             .transition(nodeId, target, reason, Actor::Operator);
    if (!changed)
        return Error{changed.error()};
    if (target == LifecycleState::Starting)
        return checkStart(nodeId);
    if (target == LifecycleState::Draining)
        return finishDrain(nodeId);
    return summaryOf(changed.value());
}

// Starting stays Starting when the node's key opens and its folder is usable (the console then
// runs its process and reports Online once it listens); otherwise → Failed with the reason, so
// the operator sees what to fix and can restart it.
Result<NodeSummary> OperatorProfile::checkStart(const QString &nodeId)
{
    const auto record = m_nodes->node(nodeId);
    if (!record)
        return Error{record.error()};
    const QString folder = record->folder;
    QString problem;
    if (!QFileInfo(folder).isDir())
        problem = QStringLiteral("storage folder %1 is missing").arg(folder);
    else if (!QFileInfo(folder).isWritable())
        problem = QStringLiteral("storage folder %1 is not writable").arg(folder);
    else if (auto key = KeyFile::load(QDir(folder).filePath(kNodeKeyName), KeyRole::Node,
                                      nodeKeyPassphrase());
             !key)
        problem = key.error();
    else if (key->publicKey() != record->publicKey)
        problem = QStringLiteral("the key in %1 belongs to another node").arg(folder);

    if (problem.isEmpty())
        return summaryOf(record.value());
    return summaryOf(operatorLog(*m_db, *m_nodes, *m_clock, *m_operatorKey)
                         .transition(nodeId, LifecycleState::Failed, problem, Actor::Node));
}

Result<NodeSummary> OperatorProfile::node(const QString &nodeId)
{
    if (auto ok = requireOpen(); !ok)
        return Error{ok.error()};
    return summaryOf(m_nodes->node(nodeId));
}

Result<QList<NodeRecord>> OperatorProfile::nodeRecords()
{
    if (auto ok = requireOpen(); !ok)
        return Error{ok.error()};
    return m_nodes->nodes();
}

Result<NodeLaunch> OperatorProfile::launch(const QString &nodeId)
{
    if (auto ok = requireUnlocked(); !ok)
        return Error{ok.error()};
    auto record = m_nodes->node(nodeId);
    if (!record)
        return Error{record.error()};
    return NodeLaunch{record.value(), nodeKeyPassphrase()};
}

Result<NodeSummary> OperatorProfile::nodeReport(const QString &nodeId, LifecycleState to,
                                                const QString &why, Actor who)
{
    if (auto ok = requireUnlocked(); !ok)
        return Error{ok.error()};
    return summaryOf(
        operatorLog(*m_db, *m_nodes, *m_clock, *m_operatorKey).transition(nodeId, to, why, who));
}

// Draining hands stored data off to other nodes (the node's process does, DataHandoff); with no
// object in the node's store there is nothing to wait for. Otherwise the node stays Draining
// until its process reports the handoff complete (the console's poll then records Exited).
Result<NodeSummary> OperatorProfile::finishDrain(const QString &nodeId)
{
    const auto record = m_nodes->node(nodeId);
    if (!record)
        return Error{record.error()};
    const StoreLayout store(QDir(record->folder).filePath(QStringLiteral("store")));
    if (!QDir(store.objectsDir()).isEmpty(QDir::Files))
        return summaryOf(record.value());
    return summaryOf(operatorLog(*m_db, *m_nodes, *m_clock, *m_operatorKey)
                         .transition(nodeId, LifecycleState::Exited,
                                     QStringLiteral("no stored data left to hand off"),
                                     Actor::Node));
}

Result<QList<Transition>> OperatorProfile::history(const QString &nodeId)
{
    if (auto ok = requireOpen(); !ok)
        return Error{ok.error()};
    return m_nodes->history(nodeId);
}

} // namespace streamsync
