#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace streamsync {

// Reads one HTTP/1.1 response of the node's servers on the client side: status line, headers
// and a Content-Length body (they always send one), bounded by `maxBytes` in all.
class HttpResponseReader
{
public:
    enum class Status { NeedMore, Complete, Invalid };

    explicit HttpResponseReader(qsizetype maxBytes) : m_maxBytes(maxBytes) {}

    Status feed(QByteArrayView bytes);
    Status status() const { return m_status; }

    int statusCode() const { return m_statusCode; }
    const QByteArray &body() const { return m_body; }
    const QString &error() const { return m_error; }

private:
    Status parseHead(qsizetype headEnd);
    Status invalid(const QString &reason);

    qsizetype m_maxBytes;
    QByteArray m_buffer;
    qsizetype m_bodyStart = -1;
    qsizetype m_contentLength = 0;
    int m_statusCode = 0;
    QByteArray m_body;
    Status m_status = Status::NeedMore;
    QString m_error;
};

} // namespace streamsync
