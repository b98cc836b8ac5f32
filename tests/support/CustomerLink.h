#pragma once

#include "LocalCluster.h"

#include "crypto/Ed25519.h"
#include "net/TransportConfig.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QCborMap>

#include <functional>

namespace streamsync {

class PeerConnection;

// Waits (running the event loop) until `check` holds or `timeoutMs` passed; checks once more at
// the end.
bool waitFor(const std::function<bool()> &check, int timeoutMs, int pollMs = 100);

// A customer's connection to one node of a LocalCluster, for tests that speak the wire
// messages themselves: each request carries a request id and the reply echoing it is awaited.
class CustomerLink
{
public:
    CustomerLink(const Ed25519SigningKey &key, const Parameters &params);
    ~CustomerLink();

    Result<void> connect(const LocalCluster::Node &node);
    // Sends `message` and waits for the reply with its request id; empty after `timeoutMs`.
    QCborMap request(const QCborMap &message, int timeoutMs = 20'000);
    // Sends without waiting (cancel).
    Result<void> send(const QCborMap &message);
    // Waits for a reply with `requestId`; empty after `timeoutMs`.
    QCborMap awaitReply(quint64 requestId, int timeoutMs);
    quint64 nextId() { return ++m_requestId; }

private:
    const Ed25519SigningKey &m_key;
    TransportConfig m_transport;
    PeerConnection *m_connection = nullptr;
    QList<QCborMap> m_unclaimed;
    quint64 m_requestId = 0;
};

} // namespace streamsync
