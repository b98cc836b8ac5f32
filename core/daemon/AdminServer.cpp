#include "daemon/AdminServer.h"

#include "crypto/NodeId.h"
#include "daemon/AdminJson.h"
#include "daemon/ApiLog.h"
#include "daemon/DataHandoff.h"
#include "daemon/MarketActions.h"
#include "log/EventStore.h"
#include "net/NodeCertificate.h"
#include "node/Lifecycle.h"
#include "node/NodeHome.h"
#include "node/NodeRepository.h"

#include <QJsonDocument>
#include <QSslSocket>

#include <optional>
#include <utility>

namespace streamsync {

namespace {

constexpr qsizetype kMaxBodyBytes = 16 * 1024;
// The reason is signed into the log with the transition: keep events small.
constexpr qsizetype kMaxWhyChars = 1024;

struct LifecycleRequest
{
    LifecycleState target;
    QString why;
};

HttpLimits adminLimits()
{
    HttpLimits limits;
    limits.maxBodyBytes = kMaxBodyBytes;
    return limits;
}

QSslConfiguration serverTls(const NodeCertificate &identity)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_3OrLater);
    tls.setLocalCertificate(identity.certificate());
    tls.setPrivateKey(identity.privateKey());
    // Clients prove themselves with the token, not with a certificate.
    tls.setCaCertificates({});
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

// A state name ("Paused") or one of the console's actions ("pause").
std::optional<LifecycleState> targetNamed(const QString &name)
{
    static const QList<std::pair<QString, LifecycleState>> kActions{
        {QStringLiteral("start"), LifecycleState::Starting},
        {QStringLiteral("pause"), LifecycleState::Paused},
        {QStringLiteral("resume"), LifecycleState::Online},
        {QStringLiteral("drain"), LifecycleState::Draining},
        {QStringLiteral("retire"), LifecycleState::Retired},
        {QStringLiteral("restart"), LifecycleState::Stopped}};
    for (const auto &[action, state] : kActions) {
        if (name == action)
            return state;
    }
    return lifecycleStateFromString(name);
}

Result<LifecycleRequest> parseLifecycle(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(QStringLiteral("the body must be a JSON object"));
    const QJsonObject object = document.object();
    const QJsonValue target = object.value(QStringLiteral("target"));
    const QJsonValue why = object.value(QStringLiteral("why"));
    if (!target.isString() || !(why.isString() || why.isUndefined()))
        return fail(QStringLiteral("'target' must be a string, and 'why' a string if given"));
    const auto state = targetNamed(target.toString());
    if (!state)
        return fail(QStringLiteral("unknown target '%1'").arg(target.toString()));
    const QString reason = why.toString(QStringLiteral("operator request through the admin API"));
    if (reason.size() > kMaxWhyChars || reason.trimmed().isEmpty())
        return fail(QStringLiteral("'why' must be 1 to %1 characters").arg(kMaxWhyChars));
    return LifecycleRequest{*state, reason};
}

// A JSON number that is a whole number of µcr (or bytes), exact in a double (below 2^53).
Result<std::optional<qint64>> wholeNumber(const QJsonObject &object, const QString &field)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::optional<qint64>();
    constexpr double kExact = 9007199254740992.0; // 2^53
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number >= kExact || number != double(qint64(number)))
        return fail(QStringLiteral("'%1' must be a whole number from 0 up").arg(field));
    return std::optional<qint64>(qint64(number));
}

Result<AdminMarket::OfferRequest> parseOffer(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(QStringLiteral("the body must be a JSON object"));
    const QJsonObject object = document.object();
    const auto query = wholeNumber(object, QStringLiteral("price_query"));
    const auto gbMonth = wholeNumber(object, QStringLiteral("price_gb_month"));
    const auto freeBytes = wholeNumber(object, QStringLiteral("free_bytes"));
    for (const auto *read : {&query, &gbMonth, &freeBytes}) {
        if (!*read)
            return Error{read->error()};
    }
    if (!query.value())
        return fail(QStringLiteral("'price_query' (µcr per query) is required"));
    AdminMarket::OfferRequest request;
    request.priceQuery = Money::fromMicro(**query);
    if (*gbMonth)
        request.priceGbMonth = Money::fromMicro(**gbMonth);
    request.freeBytes = freeBytes.value();
    return request;
}

bool isJson(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower() == "application/json";
}

HttpResponse methodNotAllowed(const QByteArray &allowed)
{
    HttpResponse response =
        HttpResponse::error(405, QStringLiteral("use %1").arg(QString::fromLatin1(allowed)));
    response.headers.append({QByteArray("Allow"), allowed});
    return response;
}

} // namespace

AdminServer::AdminServer(NodeHome &home, const NodeCertificate &identity, AdminToken token,
                         std::function<int()> peerCount, QObject *parent)
    : QObject(parent), m_home(home), m_token(std::move(token)), m_peerCount(std::move(peerCount)),
      m_http(adminLimits(), [this](const HttpRequest &request) { return handle(request); })
{
    m_http.setTls(serverTls(identity));
}

Result<void> AdminServer::start(const ServeEndpoint &endpoint)
{
    const auto address = endpoint.bindAddress(QStringLiteral("--admin-allow-remote"));
    if (!address)
        return Error{address.error()};
    if (auto started = m_http.start(address.value(), endpoint.address->port); !started)
        return fail(QStringLiteral("admin API: ") + started.error());
    m_shown = *endpoint.address;
    m_shown.port = m_http.serverPort();
    qCInfo(lcAdmin).noquote() << "serving the admin API on" << endpointText();
    return {};
}

void AdminServer::close()
{
    m_http.shutdown();
}

QString AdminServer::endpointText() const
{
    return m_shown.endpointText();
}

HttpResponse AdminServer::handle(const HttpRequest &request)
{
    if (authorized(request))
        return route(request);
    HttpResponse refused = HttpResponse::error(401, QStringLiteral("unauthorized"));
    refused.headers.append(
        {QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"streamsync-admin\"")});
    return refused;
}

bool AdminServer::authorized(const HttpRequest &request) const
{
    const QByteArray header = request.header("authorization");
    const qsizetype space = header.indexOf(' ');
    const bool bearer = space > 0 && header.left(space).toLower() == "bearer";
    if (bearer && m_token.matches(header.mid(space + 1).trimmed()))
        return true;
    qCWarning(lcAdmin).noquote() << QStringLiteral("refused %1 %2 from %3: %4")
                                        .arg(QString::fromLatin1(request.method),
                                             QString::fromLatin1(request.path), request.peer,
                                             bearer ? QStringLiteral("wrong token")
                                                    : QStringLiteral("no bearer token"));
    return false;
}

HttpResponse AdminServer::route(const HttpRequest &request)
{
    const bool get = request.method == "GET";
    if (request.path == "/v1/status")
        return get ? getStatus() : methodNotAllowed("GET");
    if (request.path == "/v1/history")
        return get ? getHistory() : methodNotAllowed("GET");
    if (request.path == "/v1/lifecycle")
        return request.method == "POST" ? postLifecycle(request) : methodNotAllowed("POST");
    if (m_market.enabled() && request.path == "/v1/ledger/summary")
        return get ? getLedgerSummary() : methodNotAllowed("GET");
    if (m_market.enabled() && request.path == "/v1/offer")
        return request.method == "POST" ? postOffer(request) : methodNotAllowed("POST");
    return HttpResponse::error(404, QStringLiteral("no such endpoint"));
}

Result<AdminStatus> AdminServer::currentStatus()
{
    const auto record = m_home.record();
    if (!record)
        return Error{record.error()};
    const auto events = m_home.log().eventCount();
    if (!events)
        return Error{events.error()};
    return AdminStatus{record->id,
                       NodeId::fromHex(record->id).shortText(),
                       record->name,
                       record->state,
                       record->quotaBytes,
                       record->usedBytes,
                       m_peerCount ? m_peerCount() : 0,
                       qint64(*events),
                       DataHandoff::read(m_home.database()),
                       allowedTargets(record->state, Actor::Operator)};
}

HttpResponse AdminServer::getStatus()
{
    const auto status = currentStatus();
    if (!status)
        return HttpResponse::error(500, status.error());
    return HttpResponse::json(200, adminjson::fromStatus(status.value()));
}

HttpResponse AdminServer::getHistory()
{
    const QString id = m_home.idHex();
    const auto history = m_home.repository().history(id);
    if (!history)
        return HttpResponse::error(500, history.error());
    return HttpResponse::json(200, adminjson::fromHistory(id, history.value()));
}

HttpResponse AdminServer::postLifecycle(const HttpRequest &request)
{
    if (!isJson(request.header("content-type")))
        return HttpResponse::error(415, QStringLiteral("send the body as application/json"));
    const auto parsed = parseLifecycle(request.body);
    if (!parsed)
        return HttpResponse::error(400, parsed.error());
    return changeState(parsed->target, parsed->why, request.peer);
}

HttpResponse AdminServer::changeState(LifecycleState target, const QString &why,
                                      const QString &peer)
{
    const auto record = m_home.record();
    if (!record)
        return HttpResponse::error(500, record.error());
    if (auto allowed = checkTransition(record->state, target, Actor::Operator); !allowed) {
        QJsonObject body{{QStringLiteral("error"), allowed.error()},
                         {QStringLiteral("state"), toString(record->state)},
                         {QStringLiteral("allowed_targets"),
                          adminjson::stateNames(allowedTargets(record->state, Actor::Operator))}};
        return HttpResponse::json(409, body);
    }
    if (const auto moved = m_home.transition(target, why, Actor::Operator); !moved)
        return HttpResponse::error(500, moved.error());
    qCInfo(lcAdmin).noquote() << QStringLiteral("%1 -> %2 through the admin API from %3 (%4)")
                                     .arg(toString(record->state), toString(target), peer, why);
    Q_EMIT lifecycleChanged(target);
    return getStatus();
}

HttpResponse AdminServer::getLedgerSummary()
{
    const auto summary = m_market.summary();
    if (!summary)
        return HttpResponse::error(500, summary.error());
    return HttpResponse::json(200, summary.value());
}

HttpResponse AdminServer::postOffer(const HttpRequest &request)
{
    if (!isJson(request.header("content-type")))
        return HttpResponse::error(415, QStringLiteral("send the body as application/json"));
    const auto parsed = parseOffer(request.body);
    if (!parsed)
        return HttpResponse::error(400, parsed.error());
    const PricePair prices{*parsed->priceQuery, parsed->priceGbMonth.value_or(Money())};
    if (auto bounded = MarketActions::checkPrices(prices, m_market.params); !bounded)
        return HttpResponse::error(400, bounded.error());
    const auto offered = m_market.offer(parsed.value());
    if (!offered)
        return HttpResponse::error(500, offered.error());
    qCInfo(lcAdmin).noquote() << QStringLiteral("offer of %1 µcr per query through the admin API "
                                                "from %2")
                                     .arg(prices.query.micro())
                                     .arg(request.peer);
    return HttpResponse::json(200, offered.value());
}

} // namespace streamsync
