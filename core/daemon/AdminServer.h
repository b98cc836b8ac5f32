#pragma once

#include "daemon/AdminMarket.h"
#include "daemon/AdminStatus.h"
#include "daemon/AdminToken.h"
#include "daemon/HttpServer.h"
#include "daemon/ServeEndpoint.h"
#include "node/LifecycleState.h"
#include "util/Result.h"

#include <QObject>

#include <functional>

namespace streamsync {

class NodeCertificate;
class NodeHome;

// The node's admin API (DESIGN §8), so a console can manage a node on another machine:
// HTTP/1.1 with JSON bodies over TLS 1.3, the server authenticated by its node certificate
// (clients pin the node id, as peers do) and each request by a bearer token.
//
//   GET  /v1/status     AdminStatus as JSON
//   GET  /v1/history    the node's lifecycle transitions, oldest first
//   POST /v1/lifecycle  {"target": "Paused", "why": "..."} → the new status; the target may
//                       also be a console action (start, pause, resume, drain, retire, restart)
//   GET  /v1/ledger/summary, POST /v1/offer: the market (AdminMarket.h), when the node runs
//                       with --network; 404 otherwise
//
// Every request without the right token is 401 with the same body, whatever it asked for, so
// nothing about the node or its routes leaks before authentication. Then: unknown path 404,
// wrong method 405, a body that is not a JSON object of the right shape 400, a transition the
// state machine refuses 409 with the states allowed from the current one. Transitions go through
// NodeHome::transition as the operator, so each is stored and signed into the node's feed.
// HTTP framing limits (size, time, connections) are HttpServer's.
class AdminServer : public QObject
{
    Q_OBJECT

public:
    AdminServer(NodeHome &home, const NodeCertificate &identity, AdminToken token,
                std::function<int()> peerCount, QObject *parent = nullptr);

    // Refuses a non-loopback address unless the endpoint allows remote clients.
    Result<void> start(const ServeEndpoint &endpoint);
    void close();
    // Serves the market endpoints from now on.
    void setMarket(AdminMarket market) { m_market = std::move(market); }
    bool isListening() const { return m_http.isListening(); }
    // "HOST:PORT" actually listened on.
    QString endpointText() const;

Q_SIGNALS:
    // The node moved to `state` through the API (emitted before the answer is written).
    void lifecycleChanged(streamsync::LifecycleState state);

private:
    HttpResponse handle(const HttpRequest &request);
    bool authorized(const HttpRequest &request) const;
    HttpResponse route(const HttpRequest &request);
    HttpResponse getStatus();
    HttpResponse getHistory();
    HttpResponse postLifecycle(const HttpRequest &request);
    HttpResponse changeState(LifecycleState target, const QString &why, const QString &peer);
    HttpResponse getLedgerSummary();
    HttpResponse postOffer(const HttpRequest &request);
    Result<AdminStatus> currentStatus();

    NodeHome &m_home;
    AdminToken m_token;
    std::function<int()> m_peerCount;
    HttpServer m_http;
    PeerAddress m_shown;
    AdminMarket m_market;
};

} // namespace streamsync
