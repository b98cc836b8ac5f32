#include "LocalCluster.h"

#include "daemon/MetricsRegistry.h"
#include "daemon/NodeMetrics.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <optional>
#include <vector>

using namespace streamsync;

namespace {

const QString kPassphrase = QStringLiteral("metrics test passphrase");
constexpr int kStopTimeoutMs = 20'000;

struct Sample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

// A Prometheus text exposition (format 0.0.4), checked line by line as a scraper would.
struct Exposition
{
    QMap<QString, QString> help;
    QMap<QString, QString> type;
    QList<Sample> samples;

    QList<Sample> named(const QString &name) const
    {
        QList<Sample> found;
        for (const Sample &s : samples) {
            if (s.name == name)
                found.append(s);
        }
        return found;
    }
    std::optional<double> value(const QString &name) const
    {
        const QList<Sample> found = named(name);
        return found.size() == 1 ? std::optional<double>(found.first().value) : std::nullopt;
    }
};

std::optional<double> parseValue(const QString &text)
{
    if (text == QLatin1String("NaN"))
        return std::nan("");
    if (text == QLatin1String("+Inf") || text == QLatin1String("-Inf"))
        return text.startsWith(QLatin1Char('+')) ? INFINITY : -INFINITY;
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

// `a="x",b="y\"z"` → labels; nullopt when malformed.
std::optional<QMap<QString, QString>> parseLabels(const QString &text)
{
    static const QRegularExpression pair(
        QStringLiteral(R"re(\G([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$))re"));
    QMap<QString, QString> labels;
    qsizetype at = 0;
    while (at < text.size()) {
        const auto match = pair.match(text, at, QRegularExpression::NormalMatch,
                                      QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch() || labels.contains(match.captured(1)))
            return std::nullopt;
        QString value = match.captured(2);
        value.replace(QLatin1String("\\n"), QLatin1String("\n"));
        value.replace(QLatin1String("\\\""), QLatin1String("\""));
        value.replace(QLatin1String("\\\\"), QLatin1String("\\"));
        labels.insert(match.captured(1), value);
        at = match.capturedEnd();
    }
    return labels;
}

// The family a sample belongs to: histogram samples carry _bucket, _sum or _count.
QString familyOf(const QString &name, const QMap<QString, QString> &types)
{
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        if (!name.endsWith(QLatin1String(suffix)))
            continue;
        const QString base = name.chopped(int(qstrlen(suffix)));
        if (types.value(base) == QLatin1String("histogram"))
            return base;
    }
    return name;
}

Result<void> parseComment(const QString &line, Exposition &out)
{
    static const QRegularExpression meta(
        QStringLiteral(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)"));
    const auto match = meta.match(line);
    if (!match.hasMatch())
        return {}; // a plain comment
    QMap<QString, QString> &target =
        match.captured(1) == QLatin1String("HELP") ? out.help : out.type;
    if (target.contains(match.captured(2)))
        return fail(QStringLiteral("second %1 for %2").arg(match.captured(1), match.captured(2)));
    static const QSet<QString> types{QStringLiteral("counter"), QStringLiteral("gauge"),
                                     QStringLiteral("histogram"), QStringLiteral("summary"),
                                     QStringLiteral("untyped")};
    if (match.captured(1) == QLatin1String("TYPE") && !types.contains(match.captured(3)))
        return fail(QStringLiteral("unknown type in: ") + line);
    target.insert(match.captured(2), match.captured(3));
    return {};
}

Result<void> parseSample(const QString &line, Exposition &out)
{
    static const QRegularExpression sample(
        QStringLiteral(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$)"));
    const auto match = sample.match(line);
    if (!match.hasMatch())
        return fail(QStringLiteral("not a sample line: ") + line);
    const auto labels = parseLabels(match.captured(2));
    const auto value = parseValue(match.captured(3));
    if (!labels || !value)
        return fail(QStringLiteral("bad labels or value: ") + line);
    const QString family = familyOf(match.captured(1), out.type);
    if (!out.help.contains(family) || !out.type.contains(family))
        return fail(QStringLiteral("sample before its HELP and TYPE: ") + line);
    out.samples.append({match.captured(1), *labels, *value});
    return {};
}

Result<Exposition> parseExposition(const QByteArray &text)
{
    if (!text.endsWith('\n'))
        return fail(QStringLiteral("the exposition must end with a line feed"));
    Exposition out;
    for (const QString &line : QString::fromUtf8(text).split(QLatin1Char('\n'))) {
        if (line.isEmpty())
            continue;
        const auto parsed =
            line.startsWith(QLatin1Char('#')) ? parseComment(line, out) : parseSample(line, out);
        if (!parsed)
            return Error{parsed.error()};
    }
    return out;
}

QString seriesKey(QMap<QString, QString> labels)
{
    labels.remove(QStringLiteral("le"));
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts.append(it.key() + QLatin1Char('=') + it.value());
    return parts.join(QLatin1Char(','));
}

// Every series of a histogram: buckets in increasing `le`, cumulative, ending in +Inf which
// equals _count.
Result<void> checkHistogram(const Exposition &e, const QString &name)
{
    QMap<QString, QList<Sample>> bySeries;
    for (const Sample &s : e.named(name + QStringLiteral("_bucket")))
        bySeries[seriesKey(s.labels)].append(s);
    if (bySeries.isEmpty())
        return fail(name + QStringLiteral(" has no buckets"));
    QMap<QString, double> counts;
    for (const Sample &s : e.named(name + QStringLiteral("_count")))
        counts.insert(seriesKey(s.labels), s.value);
    for (auto it = bySeries.cbegin(); it != bySeries.cend(); ++it) {
        double previousLe = -INFINITY;
        double previousCount = 0;
        for (const Sample &b : it.value()) {
            const double le = parseValue(b.labels.value(QStringLiteral("le"))).value_or(NAN);
            if (!(le > previousLe) || b.value < previousCount)
                return fail(name + QStringLiteral(" buckets are not increasing and cumulative"));
            previousLe = le;
            previousCount = b.value;
        }
        if (!std::isinf(previousLe))
            return fail(name + QStringLiteral(" has no +Inf bucket"));
        if (!counts.contains(it.key()) || counts.value(it.key()) != previousCount)
            return fail(name + QStringLiteral(": the +Inf bucket differs from _count"));
    }
    return {};
}

struct HttpAnswer
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Sends raw bytes to a server in another process and reads until it closes the connection.
HttpAnswer exchange(quint16 port, const QByteArray &request, int timeoutMs = 10'000)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(timeoutMs);
    QByteArray all;
    QDeadlineTimer deadline(timeoutMs);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        all += socket.readAll();
    }
    all += socket.readAll();
    const qsizetype split = all.indexOf("\r\n\r\n");
    HttpAnswer answer;
    answer.head = all.left(split);
    answer.body = split < 0 ? QByteArray() : all.mid(split + 4);
    answer.status = all.mid(9, 3).toInt();
    return answer;
}

HttpAnswer get(quint16 port, const QByteArray &path, const QByteArray &method = "GET")
{
    return exchange(port, method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

quint16 portFromLine(const QString &out, const QString &prefix)
{
    const QRegularExpression line(prefix + QStringLiteral(R"( [0-9.]+:(\d+))"));
    return quint16(line.match(out).captured(1).toUInt());
}

} // namespace

// The Prometheus endpoint (issue #4): the registry in-process, then real `streamsync-node run`
// processes scraped over loopback sockets as a Prometheus server would.
class TestMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void histogramBucketsAreCumulative();
    void countersOnlyGoUp();
    void labelsAreEscapedAndCanonical();
    void misuseIsIgnored();

    void daemonServesEveryNodeMetric();
    void peersAndLogFollowTheNode();
    void otherPathsAndMethodsAreRefused();
    void malformedAndOversizedRequestsAreRefused();
    void slowClientsAreCutAndCapped();
    void nonLoopbackNeedsTheFlag();
    void noMetricsUnlessAsked();

private:
    quint16 startWithMetrics(int node, const QList<int> &peers = {});

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
};

void TestMetrics::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    m_cluster.emplace(m_dir->path(), kPassphrase);
}

void TestMetrics::cleanup()
{
    m_cluster.reset();
    m_dir.reset();
}

quint16 TestMetrics::startWithMetrics(int node, const QList<int> &peers)
{
    const auto started =
        m_cluster->start(node, peers, {QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:0")});
    if (!started)
        qWarning().noquote() << started.error() << m_cluster->stderrText(node);
    return started ? portFromLine(m_cluster->node(node).out, QStringLiteral("metrics on")) : 0;
}

void TestMetrics::histogramBucketsAreCumulative()
{
    MetricsRegistry registry;
    registry.declare({QStringLiteral("t_seconds"),
                      MetricsRegistry::Type::Histogram,
                      QStringLiteral("help"),
                      {0.1, 1, 10}});
    for (double v : {0.05, 0.1, 0.5, 2.0, 20.0, 30.0})
        registry.observe(QStringLiteral("t_seconds"), v);
    const QByteArray text = registry.exposition();
    QVERIFY(text.contains("t_seconds_bucket{le=\"0.1\"} 2\n"));
    QVERIFY(text.contains("t_seconds_bucket{le=\"1\"} 3\n"));
    QVERIFY(text.contains("t_seconds_bucket{le=\"10\"} 4\n"));
    QVERIFY(text.contains("t_seconds_bucket{le=\"+Inf\"} 6\n"));
    QVERIFY(text.contains("t_seconds_count 6\n"));
    QVERIFY(text.contains("t_seconds_sum 52.65\n"));
    const auto parsed = parseExposition(text);
    QVERIFY2(parsed, qPrintable(parsed.error()));
    const auto checked = checkHistogram(parsed.value(), QStringLiteral("t_seconds"));
    QVERIFY2(checked, qPrintable(checked.error()));
}

void TestMetrics::countersOnlyGoUp()
{
    MetricsRegistry registry;
    registry.declare(
        {QStringLiteral("c_total"), MetricsRegistry::Type::Counter, QStringLiteral("help"), {}});
    registry.addCounter(QStringLiteral("c_total"), 5);
    registry.addCounter(QStringLiteral("c_total"), -3);
    registry.addCounter(QStringLiteral("c_total"), std::nan(""));
    registry.addCounter(QStringLiteral("c_total"));
    QCOMPARE(registry.value(QStringLiteral("c_total")), std::optional<double>(6));
}

void TestMetrics::labelsAreEscapedAndCanonical()
{
    MetricsRegistry registry;
    registry.declare({QStringLiteral("g"),
                      MetricsRegistry::Type::Gauge,
                      QStringLiteral("a \\ backslash\nand a line"),
                      {},
                      {}});
    const MetricsRegistry::Labels ab{{QStringLiteral("b"), QStringLiteral("say \"hi\"\\\n")},
                                     {QStringLiteral("a"), QStringLiteral("1")}};
    const MetricsRegistry::Labels ba{ab.at(1), ab.at(0)};
    registry.setGauge(QStringLiteral("g"), 1, ab);
    registry.setGauge(QStringLiteral("g"), 2, ba); // the same series
    const QByteArray text = registry.exposition();
    QVERIFY(text.contains("# HELP g a \\\\ backslash\\nand a line\n"));
    QVERIFY2(text.contains("g{a=\"1\",b=\"say \\\"hi\\\"\\\\\\n\"} 2\n"), text.constData());
    const auto parsed = parseExposition(text);
    QVERIFY2(parsed, qPrintable(parsed.error()));
    QCOMPARE(parsed->samples.size(), 1);
    QCOMPARE(parsed->samples.first().labels.value(QStringLiteral("b")), ab.first().second);
}

void TestMetrics::misuseIsIgnored()
{
    MetricsRegistry registry;
    declareNodeMetrics(registry);
    const QByteArray before = registry.exposition();
    registry.setGauge(QStringLiteral("streamsync_not_declared"), 1);
    registry.setGauge(metric::kQueriesServed, 7); // a counter, not a gauge
    registry.observe(metric::kPeers, 1);          // a gauge, not a histogram
    registry.setGauge(metric::kPeers, 1, {{QStringLiteral("__bad"), QStringLiteral("x")}});
    registry.observe(metric::kQueryLatency, 1, {{QStringLiteral("le"), QStringLiteral("1")}});
    QCOMPARE(registry.exposition(), before);
}

void TestMetrics::daemonServesEveryNodeMetric()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    const quint16 port = startWithMetrics(0);
    QVERIFY(port != 0);
    const HttpAnswer answer = get(port, "/metrics");
    QCOMPARE(answer.status, 200);
    QVERIFY2(answer.head.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"),
             answer.head.constData());
    const auto parsed = parseExposition(answer.body);
    QVERIFY2(parsed, qPrintable(parsed.error()));
    const Exposition &e = parsed.value();
    for (const QString &name :
         {metric::kStoredBytes, metric::kQuotaBytes, metric::kQueriesServed, metric::kQueriesWon,
          metric::kQueryLatency, metric::kEarnings, metric::kReputation, metric::kStake,
          metric::kPeers, metric::kGossipLag, metric::kLogEvents}) {
        QVERIFY2(e.help.contains(name) && e.type.contains(name), qPrintable(name));
        QVERIFY2(!e.help.value(name).isEmpty(), qPrintable(name));
    }
    QCOMPARE(e.type.value(metric::kQueriesServed), QStringLiteral("counter"));
    QCOMPARE(e.type.value(metric::kQueryLatency), QStringLiteral("histogram"));
    QCOMPARE(e.value(metric::kQuotaBytes), std::optional<double>(double(1LL << 30)));
    const auto histogram = checkHistogram(e, metric::kQueryLatency);
    QVERIFY2(histogram, qPrintable(histogram.error()));
    QCOMPARE(e.named(metric::kEarnings).size(), 3);
    QCOMPARE(e.named(metric::kReputation).size(), 4);
    QVERIFY(e.help.value(metric::kEarnings).contains(QLatin1String("issue 5")));
    QVERIFY(e.help.value(metric::kReputation).contains(QLatin1String("Placeholder")));
    QVERIFY(m_cluster->stop(0, kStopTimeoutMs));
}

void TestMetrics::peersAndLogFollowTheNode()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    QVERIFY(m_cluster->addNode(QStringLiteral("b")));
    QVERIFY(m_cluster->appendOffers(1, 5));
    QVERIFY(m_cluster->start(0, {}, {}));
    const quint16 port = startWithMetrics(1, {0});
    QVERIFY(port != 0);
    // Once gossip has settled, the scraped peers and log size are the node's real ones.
    std::optional<double> peers;
    std::optional<double> events;
    qint64 stored = -1;
    QDeadlineTimer deadline(30'000);
    while ((peers != 1.0 || events != double(stored)) && !deadline.hasExpired()) {
        QTest::qWait(200);
        const auto parsed = parseExposition(get(port, "/metrics").body);
        QVERIFY2(parsed, qPrintable(parsed.error()));
        peers = parsed->value(metric::kPeers);
        events = parsed->value(metric::kLogEvents);
        stored = m_cluster->eventCount(1).value();
    }
    QCOMPARE(peers, std::optional<double>(1));
    QCOMPARE(events, std::optional<double>(double(stored)));
    // At least its own announce, 3 lifecycle changes and 5 offers; node a's arrive by gossip.
    QVERIFY2(stored >= 9, qPrintable(QString::number(stored)));
}

void TestMetrics::otherPathsAndMethodsAreRefused()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    const quint16 port = startWithMetrics(0);
    QVERIFY(port != 0);
    QCOMPARE(get(port, "/").status, 404);
    QCOMPARE(get(port, "/metricsx").status, 404);
    QCOMPARE(get(port, "/v1/status").status, 404);
    const HttpAnswer post = get(port, "/metrics", "POST");
    QCOMPARE(post.status, 405);
    QVERIFY(post.head.contains("Allow: GET"));
    QCOMPARE(get(port, "/metrics", "DELETE").status, 405);
    // A query string is Prometheus's `params`: the same metrics.
    QCOMPARE(get(port, "/metrics?format=text").status, 200);
}

void TestMetrics::malformedAndOversizedRequestsAreRefused()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    const quint16 port = startWithMetrics(0);
    QVERIFY(port != 0);
    QCOMPARE(exchange(port, "GET /metrics HTTP/1.1\r\n\r\n").status, 400);      // no Host
    QCOMPARE(exchange(port, "GET /metrics HTTP/1.1\nHost: x\n\n").status, 400); // bare LF
    QCOMPARE(exchange(port, "GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
    QCOMPARE(exchange(port, "GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n").status, 505);
    QCOMPARE(exchange(port, "GET http://x/metrics HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
    QCOMPARE(exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n").status, 400);
    QCOMPARE(exchange(port, "GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n").status, 400);
    QCOMPARE(
        exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            .status,
        501);
    QCOMPARE(
        exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").status,
        413);
    const QByteArray huge = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(9000, 'a');
    QCOMPARE(exchange(port, huge).status, 431);
    // The node still answers after all of that.
    QCOMPARE(get(port, "/metrics").status, 200);
}

// Clients that connect and never finish a request hold a connection for the request timeout
// (5 s) at most; beyond the cap (16) a connection is closed at once, and the node serves
// again once the slow ones are cut.
void TestMetrics::slowClientsAreCutAndCapped()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    const quint16 port = startWithMetrics(0);
    QVERIFY(port != 0);
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < 16; ++i) {
        slow.push_back(std::make_unique<QTcpSocket>());
        slow.back()->connectToHost(QStringLiteral("127.0.0.1"), port);
        QVERIFY(slow.back()->waitForConnected(5'000));
        slow.back()->write("GET /metrics HTTP/1.1\r\n");
        slow.back()->waitForBytesWritten(5'000);
    }
    QTest::qWait(300); // the node accepts them all
    const HttpAnswer refused = get(port, "/metrics");
    QCOMPARE(refused.status, 0); // closed without an answer
    QElapsedTimer waited;
    waited.start();
    QVERIFY(slow.front()->waitForDisconnected(10'000));
    QVERIFY(waited.elapsed() < 8'000);
    QVERIFY(slow.front()->readAll().startsWith("HTTP/1.1 408 "));
    QTest::qWait(300);
    QCOMPARE(get(port, "/metrics").status, 200);
}

void TestMetrics::nonLoopbackNeedsTheFlag()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    const auto refused =
        m_cluster->start(0, {}, {QStringLiteral("--metrics"), QStringLiteral("0.0.0.0:0")});
    QVERIFY(!refused);
    QCOMPARE(m_cluster->node(0).process->exitCode(), 1);
    QVERIFY2(m_cluster->stderrText(0).contains(QLatin1String("--metrics-allow-remote")),
             qPrintable(m_cluster->stderrText(0)));
    // The node never started: its state is untouched.
    const auto states = m_cluster->column(0, QStringLiteral("SELECT state FROM nodes"));
    QVERIFY(states);
    QCOMPARE(states->value(0), QByteArray("Stopped"));

    QVERIFY(m_cluster->start(0, {},
                             {QStringLiteral("--metrics"), QStringLiteral("0.0.0.0:0"),
                              QStringLiteral("--metrics-allow-remote")}));
    const quint16 port = portFromLine(m_cluster->node(0).out, QStringLiteral("metrics on"));
    QVERIFY(port != 0);
    QCOMPARE(get(port, "/metrics").status, 200);
}

void TestMetrics::noMetricsUnlessAsked()
{
    QVERIFY(m_cluster->addNode(QStringLiteral("a")));
    QVERIFY(m_cluster->start(0, {}, {}));
    QVERIFY(!m_cluster->node(0).out.contains(QLatin1String("metrics on")));
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
