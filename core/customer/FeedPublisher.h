#pragma once

#include <QCborMap>
#include <QObject>
#include <QString>
#include <QTimer>

namespace streamsync {

class CustomerFeed;
class NodeLink;
class PeerSet;

// Hands the customer's feed to the network: each event not yet confirmed goes, in seq order and
// one at a time (a node refuses a gap in a feed), to a ready node of the set as `publish_event`;
// `published` confirms it. A closed link or a node that does not answer moves the work to the
// next node after a pause. A refusal is reported with the node's reason; the first refusal of an
// event is retried once with the whole feed from seq 1 (the node may have missed earlier events
// of it), a second one skips the event, so one bad event never blocks the reports behind it.
class FeedPublisher : public QObject
{
    Q_OBJECT

public:
    FeedPublisher(CustomerFeed &feed, PeerSet &peers, QObject *parent = nullptr);

    // Sends whatever is not confirmed yet (call after each append).
    void publish();
    bool isIdle();

Q_SIGNALS:
    void published(quint64 seq);
    void refused(quint64 seq, const QString &kind, const QString &reason);
    void idle();

private:
    NodeLink *pickLink();
    void sendNext();
    void onReply(quint64 seq, const QString &kind, const QCborMap &reply);
    void confirm(quint64 seq);
    void retryLater();

    CustomerFeed &m_feed;
    PeerSet &m_peers;
    QTimer m_retry;
    int m_linkIndex = 0;
    quint64 m_sendFrom = 0; // resending from here after a refusal (0: from the confirmed seq)
    quint64 m_retriedSeq = 0;
    bool m_inFlight = false;
};

} // namespace streamsync
