#include "daemon/AdminClient.h"

#include "daemon/AdminJson.h"

#include <QJsonDocument>

namespace streamsync {

namespace {

// A 2xx answer's object, or the node's refusal as one line.
Result<QJsonObject> expectSuccess(const Result<AdminReply> &reply)
{
    if (!reply)
        return Error{reply.error()};
    const int status = reply->status;
    if (status >= 200 && status < 300)
        return reply->json;
    if (status == 401)
        return fail(QStringLiteral("the node refused the admin token (HTTP 401)"));
    return fail(QStringLiteral("the node refused (HTTP %1): %2")
                    .arg(status)
                    .arg(reply->json.value(QStringLiteral("error")).toString()));
}

Result<AdminStatus> statusFrom(const Result<QJsonObject> &object)
{
    return object ? adminjson::toStatus(object.value())
                  : Result<AdminStatus>(Error{object.error()});
}

} // namespace

AdminClient::AdminClient(PeerAddress node, QByteArray token, QObject *parent)
    : QObject(parent), m_node(std::move(node)), m_token(std::move(token))
{}

QFuture<Result<AdminStatus>> AdminClient::status()
{
    return call({"GET", "/v1/status", {}}).then(&statusFrom);
}

QFuture<Result<QList<Transition>>> AdminClient::history()
{
    return call({"GET", "/v1/history", {}}).then([](const Result<QJsonObject> &object) {
        return object ? adminjson::toHistory(object.value())
                      : Result<QList<Transition>>(Error{object.error()});
    });
}

QFuture<Result<AdminStatus>> AdminClient::changeState(LifecycleState target, const QString &why)
{
    const QByteArray body =
        QJsonDocument(adminjson::lifecycleRequest(target, why)).toJson(QJsonDocument::Compact);
    return call({"POST", "/v1/lifecycle", body}).then(&statusFrom);
}

QFuture<Result<QJsonObject>> AdminClient::call(const AdminCall::Request &request)
{
    auto *call = new AdminCall(m_node, m_token, request, m_timeout, this);
    return call->start().then(expectSuccess);
}

} // namespace streamsync
