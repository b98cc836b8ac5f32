#include "customer/StoreJob.h"

#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"
#include "customer/NodeUploader.h"
#include "customer/ObjectFile.h"
#include "customer/PeerSet.h"

#include <QRandomGenerator>

namespace streamsync {

StoreJob::StoreJob(ObjectFile &file, PeerSet &peers, int replication, quint32 seed, QObject *parent)
    : QObject(parent), m_file(file), m_replication(replication), m_candidates(peers.links())
{
    QRandomGenerator random(seed);
    for (qsizetype i = m_candidates.size() - 1; i > 0; --i)
        m_candidates.swapItemsAt(i, qsizetype(random.bounded(quint32(i + 1))));
}

void StoreJob::start()
{
    if (m_replication > m_candidates.size())
        return finish(QStringLiteral("replication %1 needs at least %1 peers; %2 given")
                          .arg(m_replication)
                          .arg(m_candidates.size()));
    for (int i = 0; i < m_replication; ++i)
        launchNext();
}

void StoreJob::launchNext()
{
    NodeLink *link = m_candidates.at(m_nextCandidate++);
    auto *uploader = new NodeUploader(*link, m_file, NodeUploader::kDefaultWindow, this);
    connect(uploader, &NodeUploader::chunkAcked, this,
            [this, link](qint64 index) { Q_EMIT chunkAcked(link, index); });
    connect(uploader, &NodeUploader::finished, this,
            [this, uploader] { onUploaderFinished(uploader); });
    ++m_active;
    uploader->start();
}

void StoreJob::onUploaderFinished(NodeUploader *uploader)
{
    --m_active;
    uploader->deleteLater();
    if (m_done)
        return;
    NodeLink &link = uploader->link();
    if (uploader->succeeded()) {
        m_holders.append(&link);
        qCInfo(lcCustomer).noquote() << QStringLiteral("%1 holds the object (%2 of %3)")
                                            .arg(link.label())
                                            .arg(m_holders.size())
                                            .arg(m_replication);
        if (m_holders.size() == m_replication)
            finish({});
        return;
    }
    m_failures.append(QStringLiteral("%1: %2").arg(link.label(), uploader->error()));
    qCWarning(lcCustomer).noquote() << "node" << m_failures.last();
    if (m_nextCandidate < m_candidates.size())
        return launchNext();
    if (m_holders.size() + m_active < m_replication)
        finish(QStringLiteral("only %1 of %2 nodes stored the object (%3)")
                   .arg(m_holders.size())
                   .arg(m_replication)
                   .arg(m_failures.join(QStringLiteral("; "))));
}

void StoreJob::finish(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_error = error;
    Q_EMIT finished();
}

} // namespace streamsync
