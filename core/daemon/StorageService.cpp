#include "daemon/StorageService.h"

#include "daemon/StorageLog.h"
#include "daemon/StorageSession.h"
#include "db/Database.h"
#include "net/PeerConnection.h"
#include "net/StorageMessages.h"
#include "node/NodeHome.h"
#include "storage/ChunkStore.h"
#include "storage/SpaceGuard.h"

#include <QDir>
#include <QPointer>

namespace streamsync {

namespace {

// Often enough that an operator sees the used bytes move while an upload runs; each refresh is
// one small read and at most one small write of the node's database.
constexpr std::chrono::milliseconds kRefreshInterval{2000};
// Chunk work is disk-bound (fsync) or hashing: two workers keep a 2-core node busy without
// starving gossip on the event loop.
constexpr int kWorkers = 2;

} // namespace

StorageService::StorageService(NodeHome &home, ServeHooks hooks, ServingProfile profile,
                               QObject *parent)
    : QObject(parent), m_home(home), m_hooks(hooks), m_profile(std::move(profile))
{
    m_pool.setMaxThreadCount(kWorkers);
    m_refresh.setInterval(kRefreshInterval);
    connect(&m_refresh, &QTimer::timeout, this, &StorageService::refresh);
}

StorageService::~StorageService()
{
    stop();
    // Sessions hold uploads, which refer into the store: they go before it does.
    qDeleteAll(findChildren<StorageSession *>(QString(), Qt::FindDirectChildrenOnly));
}

Result<void> StorageService::open()
{
    const auto record = m_home.record();
    if (!record)
        return Error{record.error()};
    ChunkStoreOptions options;
    options.quotaBytes = m_profile.capacityFor(record->quotaBytes);
    auto store = ChunkStore::open(QDir(m_home.dir()).filePath(QStringLiteral("store")), options);
    if (!store)
        return Error{store.error()};
    m_store = std::move(store).value();
    m_work = std::make_unique<StorageWork>(*m_store, *m_home.signingKey(), m_hooks);
    if (m_hooks.any())
        qCWarning(lcStorage).noquote()
            << QStringLiteral("test hooks on: serve unverified %1, answer delay %2 ms, corrupt "
                              "answers %3")
                   .arg(m_hooks.serveUnverified)
                   .arg(m_hooks.answerDelayMs)
                   .arg(m_hooks.corruptAnswers);
    if (!m_profile.isDefault())
        qCInfo(lcStorage).noquote()
            << QStringLiteral("serving profile: %1 ms latency, %2 of 1000 queries fail")
                   .arg(m_profile.latencyMs())
                   .arg(m_profile.settings().failPermille);
    qCInfo(lcStorage).noquote() << "chunk store" << m_store->dir() << "holds"
                                << SpaceGuard::formatBytes(m_store->usedBytes()) << "of"
                                << SpaceGuard::formatBytes(m_store->quotaBytes());
    refresh();
    m_refresh.start();
    return {};
}

void StorageService::attach(PeerConnection *connection)
{
    if (m_stopped || !m_store || !connection || !connection->isReady())
        return;
    new StorageSession(connection, *this, this);
}

void StorageService::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_refresh.stop();
    m_pool.waitForDone();
    if (m_store)
        recordUsedBytes();
}

qint64 StorageService::usedBytes() const
{
    return m_store ? m_store->usedBytes() : 0;
}

qint64 StorageService::quotaBytes() const
{
    return m_store ? m_store->quotaBytes() : 0;
}

qint64 StorageService::freeBytes() const
{
    return m_store ? qMax<qint64>(0, m_store->quotaBytes() - m_store->usedBytes()) : 0;
}

bool StorageService::holds(const QByteArray &objectId) const
{
    return m_store && m_store->objectStatus(objectId) == ObjectStatus::Complete;
}

std::optional<QCborMap> StorageService::refusal(MessageType type, quint64 requestId) const
{
    const bool upload = type == MessageType::StoreManifest || type == MessageType::StoreChunk;
    const bool serving =
        m_state == LifecycleState::Online || (!upload && m_state == LifecycleState::Draining);
    if (serving && !m_stopped)
        return std::nullopt;
    return wire::makeRefusal(
        wire::kErrorNotServing,
        QStringLiteral("the node is %1; it takes no %2 now")
            .arg(m_stopped ? QStringLiteral("stopping") : toString(m_state),
                 upload ? QStringLiteral("uploads") : QStringLiteral("queries")),
        requestId);
}

void StorageService::run(StorageSession *session, std::function<StorageWork::Outcome()> job)
{
    // Created here, read back here: the worker only carries it.
    QPointer<StorageSession> target(session);
    m_pool.start([this, target, job = std::move(job)] {
        StorageWork::Outcome outcome = job();
        QMetaObject::invokeMethod(
            this,
            [this, target, outcome] {
                m_wrote = m_wrote || outcome.wrote;
                if (target)
                    target->finish(outcome);
            },
            Qt::QueuedConnection);
    });
}

void StorageService::refresh()
{
    const auto record = m_home.record();
    if (!record) {
        qCWarning(lcStorage).noquote() << "cannot read the node's record:" << record.error();
        return;
    }
    const bool moved = m_state != record->state;
    m_state = record->state;
    const qint64 quota = m_profile.capacityFor(record->quotaBytes);
    if (quota != m_store->quotaBytes())
        m_store->setQuotaBytes(quota);
    if (m_wrote || m_recordedUsed < 0)
        recordUsedBytes();
    if (moved)
        Q_EMIT stateChanged(m_state);
}

void StorageService::recordUsedBytes()
{
    m_wrote = false;
    const qint64 used = m_store->usedBytes();
    if (used == m_recordedUsed)
        return;
    const auto updated = m_home.database().query(
        QStringLiteral("UPDATE nodes SET used_bytes = ? WHERE id = ?"), {used, m_home.idHex()});
    if (!updated) {
        qCWarning(lcStorage).noquote() << "cannot record the used bytes:" << updated.error();
        return;
    }
    m_recordedUsed = used;
}

} // namespace streamsync
