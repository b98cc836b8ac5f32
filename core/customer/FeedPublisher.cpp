#include "customer/FeedPublisher.h"

#include "customer/CustomerFeed.h"
#include "customer/CustomerLog.h"
#include "customer/NodeLink.h"
#include "customer/PeerSet.h"
#include "log/Event.h"
#include "net/MarketMessages.h"

namespace streamsync {

namespace {

constexpr std::chrono::milliseconds kRetryPause{1000};

} // namespace

FeedPublisher::FeedPublisher(CustomerFeed &feed, PeerSet &peers, QObject *parent)
    : QObject(parent), m_feed(feed), m_peers(peers)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &FeedPublisher::publish);
}

bool FeedPublisher::isIdle()
{
    return !m_inFlight && m_feed.publishedSeq() >= m_feed.headSeq();
}

void FeedPublisher::publish()
{
    if (!m_inFlight && !m_retry.isActive())
        sendNext();
}

NodeLink *FeedPublisher::pickLink()
{
    const QList<NodeLink *> ready = m_peers.readyLinks();
    if (ready.isEmpty())
        return nullptr;
    return ready.at(m_linkIndex % ready.size());
}

void FeedPublisher::sendNext()
{
    const quint64 from = m_sendFrom > 0 ? m_sendFrom - 1 : m_feed.publishedSeq();
    const auto next = m_feed.after(from, 1);
    if (!next || next->isEmpty()) {
        m_sendFrom = 0;
        if (!next)
            qCWarning(lcCustomer).noquote() << "cannot read the customer's feed:" << next.error();
        Q_EMIT idle();
        return;
    }
    NodeLink *link = pickLink();
    if (!link)
        return retryLater();
    const auto event = Event::decode(next->first(), next->first().size());
    if (!event)
        return retryLater();
    m_inFlight = true;
    link->request(wire::makePublishEvent(event->encoded(), 0),
                  [this, seq = event->seq(), kind = event->kindName()](const QCborMap &reply) {
                      onReply(seq, kind, reply);
                  });
}

void FeedPublisher::onReply(quint64 seq, const QString &kind, const QCborMap &reply)
{
    m_inFlight = false;
    if (wire::parsePublished(reply))
        return confirm(seq);
    const QString code = reply.value(QLatin1String("code")).toString();
    const QString reason = reply.value(QLatin1String("reason")).toString();
    if (code != wire::kErrorEventRefused) {
        // Closed, timed out or unable: another node may take it.
        qCInfo(lcCustomer).noquote() << "publishing" << kind << seq << "failed:" << reason;
        ++m_linkIndex;
        return retryLater();
    }
    if (m_retriedSeq != seq) {
        m_retriedSeq = seq;
        m_sendFrom = 1;
        return sendNext();
    }
    Q_EMIT refused(seq, kind, reason);
    confirm(seq);
}

void FeedPublisher::confirm(quint64 seq)
{
    if (m_sendFrom > 0 && seq < m_retriedSeq) {
        m_sendFrom = seq + 1;
        return sendNext();
    }
    m_sendFrom = 0;
    if (seq > m_feed.publishedSeq()) {
        if (auto saved = m_feed.setPublished(seq); !saved)
            qCWarning(lcCustomer).noquote() << saved.error();
        Q_EMIT published(seq);
    }
    sendNext();
}

void FeedPublisher::retryLater()
{
    m_retry.start(kRetryPause);
}

} // namespace streamsync
