#include "daemon/HttpResponse.h"

#include <QJsonDocument>

#include <utility>

namespace streamsync {

HttpResponse HttpResponse::text(int status, const QByteArray &body)
{
    return {status, QByteArray("text/plain; charset=utf-8"), body, {}};
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(status, QJsonObject{{QStringLiteral("error"), message}});
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return {status,
            QByteArray("application/json"),
            QJsonDocument(object).toJson(QJsonDocument::Compact),
            {}};
}

QByteArray HttpResponse::serialize() const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out + "\r\n" + body;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    static constexpr std::pair<int, const char *> kPhrases[] = {
        {200, "OK"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {413, "Content Too Large"},
        {414, "URI Too Long"},
        {415, "Unsupported Media Type"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {503, "Service Unavailable"},
        {505, "HTTP Version Not Supported"},
    };
    for (const auto &[code, phrase] : kPhrases) {
        if (code == status)
            return QByteArray(phrase);
    }
    return QByteArray("Status");
}

} // namespace streamsync
