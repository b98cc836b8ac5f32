#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace streamsync {

// One parsed HTTP/1.1 request (HttpRequestParser). Header names are lower-cased; a server
// answers each connection's one request and closes it, so there is no keep-alive state here.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: "/v1/status?x=1"
    QByteArray path;   // the target without its query: "/v1/status"
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString peer; // "address:port" of the client, for logs

    // The first header of that (lower-case) name, or an empty array.
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }
};

} // namespace streamsync
