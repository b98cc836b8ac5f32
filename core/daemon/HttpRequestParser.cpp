#include "daemon/HttpRequestParser.h"

#include <algorithm>

namespace streamsync {

namespace {

constexpr QByteArrayView kCrlf("\r\n");
constexpr QByteArrayView kHeadEnd("\r\n\r\n");
constexpr qsizetype kMaxMethodBytes = 16;
constexpr qsizetype kMaxTargetBytes = 2048;
// 18 decimal digits stay below 2^63: the sum with the head size cannot overflow.
constexpr qsizetype kMaxLengthDigits = 18;

bool isTokenChar(char c)
{
    static constexpr QByteArrayView kSymbols("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kSymbols.contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Visible ASCII, spaces, tabs and obs-text; no control characters (CR, LF and NUL included).
bool isFieldValue(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

bool isTargetText(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// A LF without its CR: some parsers end a line there and others do not, which is how requests
// are smuggled past one of them.
// `afterCr`: whether the byte before `head` is a CR.
bool hasBareLineFeed(QByteArrayView head, bool afterCr)
{
    for (qsizetype i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i == 0 ? !afterCr : head.at(i - 1) != '\r')
            return true;
    }
    return false;
}

QList<QByteArrayView> splitLines(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    qsizetype from = 0;
    while (true) {
        const qsizetype end = head.indexOf(kCrlf, from);
        lines.append(head.sliced(from, (end < 0 ? head.size() : end) - from));
        if (end < 0)
            return lines;
        from = end + kCrlf.size();
    }
}

} // namespace

HttpRequestParser::HttpRequestParser(const HttpLimits &limits) : m_limits(limits) {}

HttpRequestParser::Status HttpRequestParser::feed(QByteArrayView bytes)
{
    if (m_status != Status::NeedMore)
        return m_status;
    m_buffer.append(bytes);
    if (m_bodyStart >= 0)
        return takeBody();
    // Only what arrived since the last call is searched, so a client trickling bytes costs
    // linear time (3 bytes back: the CRLFCRLF may straddle two reads).
    const qsizetype from = qMax<qsizetype>(m_scanned - 3, 0);
    const qsizetype headEnd = m_buffer.indexOf(kHeadEnd, from);
    const qsizetype scanEnd = headEnd < 0 ? m_buffer.size() : headEnd;
    m_scanned = m_buffer.size();
    if (hasBareLineFeed(QByteArrayView(m_buffer).sliced(from, scanEnd - from),
                        from > 0 && m_buffer.at(from - 1) == '\r')) {
        invalid(400, QStringLiteral("a line ends without CR"));
        return m_status;
    }
    if (headEnd < 0 || headEnd + kHeadEnd.size() > m_limits.maxHeadBytes) {
        if (m_buffer.size() >= m_limits.maxHeadBytes)
            invalid(431,
                    QStringLiteral("request head larger than %1 bytes").arg(m_limits.maxHeadBytes));
        return m_status;
    }
    return parseHead(headEnd);
}

qsizetype HttpRequestParser::bytesWanted() const
{
    if (m_status != Status::NeedMore)
        return 0;
    if (m_bodyStart < 0)
        return std::max<qsizetype>(m_limits.maxHeadBytes - m_buffer.size(), 1);
    return m_bodyStart + m_contentLength - m_buffer.size();
}

HttpRequestParser::Status HttpRequestParser::parseHead(qsizetype headEnd)
{
    m_bodyStart = headEnd + kHeadEnd.size();
    const QList<QByteArrayView> lines = splitLines(QByteArrayView(m_buffer).first(headEnd));
    if (lines.size() - 1 > m_limits.maxHeaders) {
        invalid(431, QStringLiteral("more than %1 headers").arg(m_limits.maxHeaders));
        return m_status;
    }
    if (!parseRequestLine(lines.first()))
        return m_status;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!parseHeaderLine(lines.at(i)))
            return m_status;
    }
    return checkFraming() ? takeBody() : m_status;
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const QList<QByteArray> parts = line.toByteArray().split(' ');
    if (parts.size() != 3)
        return invalid(400, QStringLiteral("malformed request line"));
    const QByteArray &method = parts.at(0);
    const QByteArray &target = parts.at(1);
    const QByteArray &version = parts.at(2);
    if (method.size() > kMaxMethodBytes ||
        !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) ||
        method.isEmpty())
        return invalid(400, QStringLiteral("malformed method"));
    if (target.size() > kMaxTargetBytes)
        return invalid(414, QStringLiteral("request target longer than %1").arg(kMaxTargetBytes));
    if (!target.startsWith('/') || !isTargetText(target))
        return invalid(400, QStringLiteral("the request target must be an absolute path"));
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return invalid(version.startsWith("HTTP/") ? 505 : 400,
                       QStringLiteral("unsupported protocol version"));
    m_request.method = method;
    m_request.target = target;
    const qsizetype query = target.indexOf('?');
    m_request.path = query < 0 ? target : target.left(query);
    m_http11 = version == "HTTP/1.1";
    return true;
}

bool HttpRequestParser::parseHeaderLine(QByteArrayView line)
{
    if (!line.isEmpty() && (line.front() == ' ' || line.front() == '\t'))
        return invalid(400, QStringLiteral("obsolete header line folding"));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return invalid(400, QStringLiteral("malformed header name"));
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return invalid(400, QStringLiteral("control characters in a header value"));
    m_request.headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    return true;
}

bool HttpRequestParser::checkFraming()
{
    qsizetype lengths = 0;
    QByteArray length;
    bool hasHost = false;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name == "transfer-encoding")
            return invalid(501, QStringLiteral("Transfer-Encoding is not supported"));
        if (name == "content-length") {
            ++lengths;
            length = value;
        }
        hasHost = hasHost || name == "host";
    }
    if (m_http11 && !hasHost)
        return invalid(400, QStringLiteral("HTTP/1.1 request without Host"));
    if (lengths > 1)
        return invalid(400, QStringLiteral("more than one Content-Length"));
    if (lengths == 0)
        return true;
    if (length.isEmpty() || length.size() > kMaxLengthDigits ||
        !std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return invalid(400, QStringLiteral("malformed Content-Length"));
    m_contentLength = length.toLongLong();
    if (m_contentLength > m_limits.maxBodyBytes)
        return invalid(413, QStringLiteral("body larger than %1 bytes").arg(m_limits.maxBodyBytes));
    return true;
}

HttpRequestParser::Status HttpRequestParser::takeBody()
{
    if (m_buffer.size() - m_bodyStart < m_contentLength)
        return Status::NeedMore;
    // Bytes after the body would be a pipelined request: each connection serves one, so they
    // are dropped.
    m_request.body = m_buffer.mid(m_bodyStart, m_contentLength);
    m_buffer.clear();
    m_status = Status::Complete;
    return m_status;
}

bool HttpRequestParser::invalid(int status, const QString &reason)
{
    m_status = Status::Invalid;
    m_errorStatus = status;
    m_errorReason = reason;
    m_buffer.clear();
    return false;
}

} // namespace streamsync
