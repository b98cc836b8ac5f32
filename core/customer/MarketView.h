#pragma once

#include "crypto/NodeId.h"
#include "net/MarketMessages.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <optional>

namespace streamsync {

class NodeLink;
class PeerSet;

// The customer's view of the market (docs/market.md; `market` → `market_reply`): every node's
// current offer, reputation, stake and whether it is online, as one connected node folds them
// from its log, refreshed every `interval` from the next ready node in turn (so one slow or
// departed node does not freeze the view). Also which connected node holds which object: a
// `market {object_id}` to each node answers with `holds`, asked once per object and again every
// few refreshes (holders come and go).
class MarketView : public QObject
{
    Q_OBJECT

public:
    MarketView(PeerSet &peers, QObject *parent = nullptr);

    // Watches `objects` for holders; refreshes now and then every `interval`.
    void start(const QList<QByteArray> &objects, std::chrono::milliseconds interval);
    void refresh();
    bool hasReply() const { return m_reply.has_value(); }
    const wire::MarketReply &reply() const { return *m_reply; }
    // The node's listed candidate, or nullptr.
    const wire::MarketCandidate *candidate(const NodeId &node) const;
    // What the customer knew before asking (its object book): those links count as holders
    // until their node says otherwise.
    void assumeHolders(const QByteArray &objectId, const QList<NodeLink *> &links);
    // Links whose node said it holds the whole object (or is assumed to).
    QList<NodeLink *> holders(const QByteArray &objectId) const;

Q_SIGNALS:
    void updated();
    // The first market_reply could not be had, or a node sent one that does not parse.
    void problem(const QString &reason);

private:
    void askMarket();
    void onMarket(const QCborMap &reply);
    void askHolders();
    void onHolds(NodeLink *link, const QByteArray &objectId, const QCborMap &reply);

    PeerSet &m_peers;
    QList<QByteArray> m_objects;
    QTimer m_timer;
    std::optional<wire::MarketReply> m_reply;
    QHash<QByteArray, wire::MarketCandidate> m_byNode; // node id bytes → candidate
    QHash<QByteArray, QSet<NodeLink *>> m_holders;     // object id → links
    int m_nextLink = 0;
    int m_refreshes = 0;
    bool m_asking = false;
};

} // namespace streamsync
