#include "daemon/DataHandoff.h"

#include "customer/NodeLink.h"
#include "customer/NodeUploader.h"
#include "daemon/StorageLog.h"
#include "daemon/StorageService.h"
#include "db/Database.h"
#include "storage/ChunkStore.h"
#include "storage/SpaceGuard.h"
#include "util/Clock.h"

#include <QSqlQuery>

#include <algorithm>
#include <random>

namespace streamsync {

namespace {

QString shortObject(const QByteArray &objectId)
{
    return QString::fromLatin1(objectId.toHex().left(12));
}

} // namespace

DataHandoff::DataHandoff(StorageService &storage, Database &db, const Clock &clock,
                         const NodeCertificate &identity, const TransportConfig &transport,
                         QList<PeerAddress> peers, quint32 seed, Settings settings, QObject *parent)
    : QObject(parent), m_storage(storage), m_db(db), m_clock(clock), m_identity(identity),
      m_transport(transport), m_peers(std::move(peers)), m_seed(seed), m_settings(settings)
{
    // A seeded order: two draining nodes do not all pick the same first peer.
    std::mt19937 random(m_seed);
    std::shuffle(m_peers.begin(), m_peers.end(), random);
    m_retry.setSingleShot(true);
    m_retry.setInterval(m_settings.retryAfter);
    connect(&m_retry, &QTimer::timeout, this, &DataHandoff::nextObject);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(m_settings.uploadTimeout);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (NodeLink *link = peerFor(m_attempt))
            link->close(QStringLiteral("the upload took longer than %1 s")
                            .arg(m_settings.uploadTimeout.count() / 1000));
    });
}

DataHandoff::~DataHandoff()
{
    stop();
}

void DataHandoff::start()
{
    if (m_running)
        return;
    ChunkStore *store = m_storage.store();
    if (!store)
        return;
    m_running = true;
    m_pending = store->objectIds();
    // A drain that a restart interrupted goes on: what it handed off before still counts.
    const auto before = read(m_db);
    m_progress = HandoffProgress{};
    if (before && !before->complete) {
        m_progress.startedMs = before->startedMs;
        m_progress.objectsDone = before->objectsDone;
        m_progress.bytesDone = before->bytesDone;
    } else {
        m_progress.startedMs = m_clock.nowMs();
    }
    m_progress.objectsTotal = m_progress.objectsDone + int(m_pending.size());
    m_progress.bytesTotal = m_progress.bytesDone;
    for (const QByteArray &id : std::as_const(m_pending)) {
        if (const auto manifest = store->manifest(id))
            m_progress.bytesTotal += manifest->size;
    }
    qCInfo(lcStorage).noquote() << QStringLiteral("draining: handing off %1 objects (%2) to %3 "
                                                  "peers")
                                       .arg(m_pending.size())
                                       .arg(SpaceGuard::formatBytes(m_progress.bytesTotal -
                                                                    m_progress.bytesDone))
                                       .arg(m_peers.size());
    openLinks();
    // From the event loop: whoever moved the node to Draining (an admin request, say) answers
    // with Draining first, even when there is nothing to hand off and the node leaves at once.
    m_retry.start(0);
}

void DataHandoff::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_retry.stop();
    m_timeout.stop();
    // Later, not now: stop() may run inside a reply callback of one of these links.
    if (NodeUploader *uploader = std::exchange(m_uploader, nullptr))
        uploader->deleteLater();
    m_object.reset();
    for (NodeLink *link : std::exchange(m_links, {})) {
        link->close(QStringLiteral("the handoff stopped"));
        link->deleteLater();
    }
}

// Links that closed (a peer down at the last attempt) are dialled again.
void DataHandoff::openLinks()
{
    for (int i = 0; i < m_peers.size(); ++i) {
        if (i < m_links.size() && !m_links[i]->isClosed())
            continue;
        auto *link = new NodeLink(m_peers[i], m_identity, m_transport, this);
        if (i < m_links.size())
            std::exchange(m_links[i], link)->deleteLater();
        else
            m_links.append(link);
        link->open();
    }
}

void DataHandoff::nextObject()
{
    m_retry.setInterval(m_settings.retryAfter);
    if (!m_running)
        return;
    if (m_pending.isEmpty())
        return finish();
    auto object = StoredObject::open(*m_storage.store(), m_pending.first());
    if (!object) {
        // Gone meanwhile (a scrub quarantined it, say): nothing left here to hand off.
        qCWarning(lcStorage).noquote()
            << "draining: skipping" << shortObject(m_pending.first()) << object.error();
        m_pending.removeFirst();
        return nextObject();
    }
    m_object.emplace(std::move(object).value());
    if (m_roundsObject != m_pending.first()) {
        m_roundsObject = m_pending.first();
        m_rounds = 0;
    }
    ++m_rounds;
    m_attempt = 0;
    m_heldElsewhere = 0;
    m_refusals.clear();
    openLinks();
    tryNextPeer();
}

// Object i starts at peer i (mod n), so consecutive objects land on different peers.
NodeLink *DataHandoff::peerFor(int attempt) const
{
    if (m_links.isEmpty() || attempt >= m_links.size())
        return nullptr;
    return m_links[(m_progress.objectsDone + attempt) % m_links.size()];
}

void DataHandoff::tryNextPeer()
{
    NodeLink *link = peerFor(m_attempt);
    if (!link) {
        // Every peer already holds it: no new copy can be made anywhere, and none is needed.
        if (m_heldElsewhere > 0 && m_heldElsewhere == m_links.size())
            return placed(QStringLiteral("every peer already held it"));
        if (m_heldElsewhere > 0 && m_rounds >= kHeldElsewhereRounds)
            return placed(QStringLiteral("%1 other node(s) hold it; none took a new copy in %2 "
                                         "tries (%3)")
                              .arg(m_heldElsewhere)
                              .arg(m_rounds)
                              .arg(m_refusals.join(QStringLiteral("; "))));
        return waitForPeers();
    }
    m_progress.note = QStringLiteral("handing object %1 (%2) to %3")
                          .arg(shortObject(m_object->manifest().objectId),
                               SpaceGuard::formatBytes(m_object->manifest().size), link->label());
    m_uploader = new NodeUploader(*link, *m_object, NodeUploader::kDefaultWindow, this);
    connect(m_uploader, &NodeUploader::finished, this,
            [this, uploader = m_uploader] { onUploaded(uploader); });
    m_timeout.start();
    m_uploader->start();
}

void DataHandoff::onUploaded(NodeUploader *uploader)
{
    if (uploader != m_uploader)
        return;
    m_timeout.stop();
    m_uploader = nullptr;
    uploader->deleteLater();
    const QString peer = uploader->link().label();
    if (uploader->succeeded() && !uploader->alreadyHeld())
        return placed(QStringLiteral("now held by %1").arg(peer));
    if (uploader->alreadyHeld())
        ++m_heldElsewhere;
    else
        m_refusals.append(QStringLiteral("%1: %2").arg(peer, uploader->error()));
    ++m_attempt;
    tryNextPeer();
}

void DataHandoff::placed(const QString &where)
{
    const ObjectManifest manifest = m_object->manifest();
    m_object.reset();
    const auto freed = m_storage.store()->removeObject(manifest.objectId);
    if (!freed) {
        // Held elsewhere but not removable here: the drain cannot finish; say so and retry.
        m_progress.note = QStringLiteral("object %1 is held elsewhere but cannot be removed "
                                         "here: %2")
                              .arg(shortObject(manifest.objectId), freed.error());
        record();
        m_retry.start();
        return;
    }
    m_pending.removeFirst();
    ++m_progress.objectsDone;
    m_progress.bytesDone += manifest.size;
    m_storage.recordUsage();
    qCInfo(lcStorage).noquote() << QStringLiteral("draining: object %1 (%2) %3; %4 of %5 done")
                                       .arg(shortObject(manifest.objectId),
                                            SpaceGuard::formatBytes(manifest.size), where)
                                       .arg(m_progress.objectsDone)
                                       .arg(m_progress.objectsTotal);
    record();
    nextObject();
}

void DataHandoff::waitForPeers()
{
    const QString object = shortObject(m_object->manifest().objectId);
    m_object.reset();
    m_progress.note =
        m_peers.isEmpty()
            ? QStringLiteral("no peer to hand object %1 to: the node has no --peer").arg(object)
            : QStringLiteral("no peer took object %1 (%2%3); trying again in %4 s")
                  .arg(object, m_refusals.join(QStringLiteral("; ")),
                       m_heldElsewhere > 0
                           ? QStringLiteral("; %1 already hold it").arg(m_heldElsewhere)
                           : QString(),
                       QString::number(double(m_settings.retryAfter.count()) / 1000.0));
    qCWarning(lcStorage).noquote() << "draining:" << m_progress.note;
    record();
    m_retry.start();
}

void DataHandoff::finish()
{
    m_progress.complete = true;
    m_progress.note = QStringLiteral("all %1 objects (%2) handed off")
                          .arg(m_progress.objectsTotal)
                          .arg(SpaceGuard::formatBytes(m_progress.bytesTotal));
    qCInfo(lcStorage).noquote() << "draining:" << m_progress.note;
    record();
    stop();
    Q_EMIT finished();
}

void DataHandoff::record()
{
    m_progress.updatedMs = m_clock.nowMs();
    const auto written = m_db.query(
        QStringLiteral("INSERT OR REPLACE INTO handoff (id, started_ms, updated_ms, objects_total,"
                       " objects_done, bytes_total, bytes_done, complete, note)"
                       " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {m_progress.startedMs, m_progress.updatedMs, m_progress.objectsTotal,
         m_progress.objectsDone, m_progress.bytesTotal, m_progress.bytesDone,
         m_progress.complete ? 1 : 0, m_progress.note});
    if (!written)
        qCWarning(lcStorage).noquote() << "cannot record the handoff:" << written.error();
    Q_EMIT progressed();
}

std::optional<HandoffProgress> DataHandoff::read(Database &db)
{
    auto row = db.query(HandoffProgress::selectSql());
    if (!row || !row.value().next())
        return std::nullopt;
    return HandoffProgress::fromRow(row.value());
}

} // namespace streamsync
