#pragma once

#include "daemon/HttpLimits.h"
#include "daemon/HttpRequest.h"

#include <QByteArray>
#include <QString>

namespace streamsync {

// A minimal, strict HTTP/1.1 request parser (RFC 9112) for the node's small servers: one request
// per connection, origin-form targets, CRLF line ends only, no obsolete line folding, no
// whitespace before a header's colon, Content-Length framing only (Transfer-Encoding is 501), a
// single Content-Length, Host required on HTTP/1.1. Being strict costs no legitimate client
// (Prometheus, curl, AdminClient) anything and leaves no ambiguity for request smuggling.
// Anything else is refused with the status to answer and a reason for the log.
class HttpRequestParser
{
public:
    enum class Status { NeedMore, Complete, Invalid };

    explicit HttpRequestParser(const HttpLimits &limits);

    // Appends bytes received; once Complete or Invalid, further bytes are ignored.
    Status feed(QByteArrayView bytes);
    Status status() const { return m_status; }
    // At most this many more bytes can be of use (the reader need not take more).
    qsizetype bytesWanted() const;

    const HttpRequest &request() const { return m_request; }
    int errorStatus() const { return m_errorStatus; }
    const QString &errorReason() const { return m_errorReason; }

private:
    Status parseHead(qsizetype headEnd);
    // Each returns false when it refused the request (see invalid()).
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool checkFraming();
    Status takeBody();
    bool invalid(int status, const QString &reason);

    HttpLimits m_limits;
    QByteArray m_buffer;
    qsizetype m_bodyStart = -1; // after the head's empty line, once it was seen
    qsizetype m_scanned = 0;    // bytes of the head already searched
    qsizetype m_contentLength = 0;
    bool m_http11 = false;
    HttpRequest m_request;
    Status m_status = Status::NeedMore;
    int m_errorStatus = 0;
    QString m_errorReason;
};

} // namespace streamsync
