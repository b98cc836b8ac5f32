#include "daemon/HttpRequestParser.h"
#include "daemon/HttpResponseReader.h"

#include <QTest>

using namespace streamsync;

// The strict HTTP/1.1 request parser of the node's metrics and admin servers, and the client's
// response reader: what is accepted, what is refused with which status, fed whole and byte by
// byte.
class TestHttpRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void bodyArrivesInPieces();
    void bytesWantedNeverExceedsTheLimits();
    void responseReader();
};

namespace {

const char kNulInValue[] = "GET / HTTP/1.1\r\nHost: h\0x\r\n\r\n";

HttpLimits limits()
{
    HttpLimits l;
    l.maxHeadBytes = 256;
    l.maxBodyBytes = 16;
    l.maxHeaders = 4;
    return l;
}

} // namespace

void TestHttpRequest::parses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status"); // 0: a complete request

    const QByteArray ok = "GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n";
    QTest::newRow("get") << ok << 0;
    QTest::newRow("http/1.0 without host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 0;
    QTest::newRow("post with body")
        << QByteArray("POST /v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}") << 0;
    QTest::newRow("header value with tabs and spaces")
        << QByteArray("GET / HTTP/1.1\r\nHost: \t h \t\r\n\r\n") << 0;
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("lower-case method") << QByteArray("get / HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("absolute form")
        << QByteArray("GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("asterisk form") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("http/2") << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n") << 505;
    QTest::newRow("not http") << QByteArray("GET / FTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("bare lf") << QByteArray("GET / HTTP/1.1\nHost: h\r\n\r\n") << 400;
    QTest::newRow("folding") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n x\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost h\r\n\r\n") << 400;
    QTest::newRow("nul in value") << QByteArray(kNulInValue, sizeof kNulInValue - 1) << 400;
    QTest::newRow("chunked")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") << 501;
    QTest::newRow("two lengths")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: "
                      "1\r\n\r\nx")
        << 400;
    QTest::newRow("signed length")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\nx") << 400;
    QTest::newRow("huge length")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n")
        << 400;
    QTest::newRow("body over limit")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n") << 413;
    QTest::newRow("too many headers")
        << QByteArray("GET / HTTP/1.1\r\nHost: h\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n") << 431;
    QTest::newRow("head over limit")
        << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: " + QByteArray(300, 'x')) << 431;
    QTest::newRow("long target") << QByteArray("GET /" + QByteArray(2100, 'a') +
                                               " HTTP/1.1\r\n\r\n")
                                 << 431;
}

void TestHttpRequest::parses()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    for (bool byteByByte : {false, true}) {
        HttpRequestParser parser(limits());
        if (byteByByte) {
            for (char c : input)
                parser.feed(QByteArrayView(&c, 1));
        } else {
            parser.feed(input);
        }
        const auto expected =
            status == 0 ? HttpRequestParser::Status::Complete : HttpRequestParser::Status::Invalid;
        QVERIFY2(parser.status() == expected, qPrintable(parser.errorReason()));
        QCOMPARE(parser.errorStatus(), status);
    }
}

void TestHttpRequest::bodyArrivesInPieces()
{
    HttpRequestParser parser(limits());
    QCOMPARE(parser.feed("POST /v1/lifecycle?x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: a/b\r\n"),
             HttpRequestParser::Status::NeedMore);
    QCOMPARE(parser.feed("Content-Length: 7\r\n\r\n{\"a\""), HttpRequestParser::Status::NeedMore);
    QCOMPARE(parser.bytesWanted(), 3);
    QCOMPARE(parser.feed(":1}EXTRA"), HttpRequestParser::Status::Complete);
    const HttpRequest &request = parser.request();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/v1/lifecycle?x=1"));
    QCOMPARE(request.path, QByteArray("/v1/lifecycle"));
    QCOMPARE(request.header("content-type"), QByteArray("a/b"));
    QCOMPARE(request.body, QByteArray("{\"a\":1}"));
}

void TestHttpRequest::bytesWantedNeverExceedsTheLimits()
{
    HttpRequestParser parser(limits());
    QCOMPARE(parser.bytesWanted(), 256);
    parser.feed("GET / HTTP/1.1\r\n");
    QCOMPARE(parser.bytesWanted(), 256 - 16);
    parser.feed("Host: h\r\n\r\n");
    QCOMPARE(parser.bytesWanted(), 0);
}

void TestHttpRequest::responseReader()
{
    HttpResponseReader reader(1024);
    QCOMPARE(reader.feed("HTTP/1.1 409 Conflict\r\nContent-Length: 4\r\n"),
             HttpResponseReader::Status::NeedMore);
    QCOMPARE(reader.feed("\r\n{}"), HttpResponseReader::Status::NeedMore);
    QCOMPARE(reader.feed("{}"), HttpResponseReader::Status::Complete);
    QCOMPARE(reader.statusCode(), 409);
    QCOMPARE(reader.body(), QByteArray("{}{}"));

    HttpResponseReader noLength(1024);
    QCOMPARE(noLength.feed("HTTP/1.1 200 OK\r\n\r\n"), HttpResponseReader::Status::Invalid);
    HttpResponseReader notHttp(1024);
    QCOMPARE(notHttp.feed("SSH-2.0-OpenSSH\r\n\r\n"), HttpResponseReader::Status::Invalid);
    HttpResponseReader tooLarge(64);
    const QByteArray large =
        QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n") + QByteArray(100, 'x');
    QCOMPARE(tooLarge.feed(large), HttpResponseReader::Status::Invalid);
}

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "test_http_request.moc"
