#include "daemon/HttpResponseReader.h"

#include <QList>

namespace streamsync {

namespace {

constexpr QByteArrayView kHeadEnd("\r\n\r\n");

} // namespace

HttpResponseReader::Status HttpResponseReader::feed(QByteArrayView bytes)
{
    if (m_status != Status::NeedMore)
        return m_status;
    m_buffer.append(bytes);
    if (m_buffer.size() > m_maxBytes)
        return invalid(QStringLiteral("the answer is larger than %1 bytes").arg(m_maxBytes));
    if (m_bodyStart < 0) {
        const qsizetype headEnd = m_buffer.indexOf(kHeadEnd);
        if (headEnd < 0)
            return m_status;
        if (parseHead(headEnd) == Status::Invalid)
            return m_status;
    }
    if (m_buffer.size() - m_bodyStart < m_contentLength)
        return m_status;
    m_body = m_buffer.mid(m_bodyStart, m_contentLength);
    m_status = Status::Complete;
    return m_status;
}

HttpResponseReader::Status HttpResponseReader::parseHead(qsizetype headEnd)
{
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    bool ok = false;
    m_statusCode = statusLine.value(1).toInt(&ok);
    if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1.") || !ok ||
        m_statusCode < 100 || m_statusCode > 599)
        return invalid(QStringLiteral("the answer is not HTTP"));
    m_contentLength = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
            m_contentLength = line.mid(colon + 1).trimmed().toLongLong(&ok);
    }
    if (m_contentLength < 0 || !ok)
        return invalid(QStringLiteral("the answer has no valid Content-Length"));
    m_bodyStart = headEnd + kHeadEnd.size();
    return m_status;
}

HttpResponseReader::Status HttpResponseReader::invalid(const QString &reason)
{
    m_status = Status::Invalid;
    m_error = reason;
    m_buffer.clear();
    return m_status;
}

} // namespace streamsync
