#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace streamsync {

// One HTTP/1.1 response of the node's small servers. Every response closes its connection
// (`Connection: close`): one request per connection keeps both the server and AdminClient
// free of keep-alive and pipelining state.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // beyond the framing ones serialize() adds

    static HttpResponse text(int status, const QByteArray &body);
    // {"error": message}: the body every API error has.
    static HttpResponse error(int status, const QString &message);
    static HttpResponse json(int status, const QJsonObject &object);

    QByteArray serialize() const;
    static QByteArray reasonPhrase(int status);
};

} // namespace streamsync
