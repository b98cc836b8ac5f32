#pragma once

#include "daemon/PeerAddress.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace streamsync {

class NodeLink;

// The nodes a customer command was given (`--peer HOST:PORT@ID`, repeatable), one NodeLink
// each, all dialled at once. settled() fires once every link is ready or closed (a node that is
// down refuses at once), or when `patience` runs out for links still in their handshake; those
// may still become ready later.
class PeerSet : public QObject
{
    Q_OBJECT

public:
    PeerSet(const QList<PeerAddress> &peers, const NodeCertificate &identity,
            const TransportConfig &config, QObject *parent = nullptr);

    void open(std::chrono::milliseconds patience);
    const QList<NodeLink *> &links() const { return m_links; }
    QList<NodeLink *> readyLinks() const;
    // Links not closed: ready, or still in their handshake (requests wait for it).
    QList<NodeLink *> usableLinks() const;
    // "id (reason)" for each link that closed, for error messages.
    QStringList closedReasons() const;

Q_SIGNALS:
    void settled();

private:
    void check();

    QList<NodeLink *> m_links;
    QTimer m_patience;
    bool m_settled = false;
};

} // namespace streamsync
