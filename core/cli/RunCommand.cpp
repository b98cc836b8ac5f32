#include "cli/Commands.h"
#include "cli/PassphraseSource.h"
#include "crypto/KeyFile.h"
#include "crypto/NodeId.h"
#include "daemon/AdminToken.h"
#include "daemon/NodeDaemon.h"
#include "daemon/ShutdownSignals.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace streamsync::cli {

namespace {

QList<QCommandLineOption> runOptions()
{
    return {dataOption(),
            passphraseFileOption(),
            {QStringLiteral("listen"),
             QStringLiteral("Listen for peers on HOST:PORT; port 0 picks a free port."),
             QStringLiteral("HOST:PORT")},
            {QStringLiteral("peer"),
             QStringLiteral("Keep a connection to this peer, pinned to its node id (repeatable)."),
             QStringLiteral("HOST:PORT@NODEID")},
            {QStringLiteral("gossip-interval-ms"),
             QStringLiteral("Milliseconds between gossip rounds (default 1000)."),
             QStringLiteral("N"), QStringLiteral("1000")},
            {QStringLiteral("fanout"),
             QStringLiteral("Peers sent our heads each round (default 3)."), QStringLiteral("N"),
             QStringLiteral("3")},
            {QStringLiteral("seed"),
             QStringLiteral("Seed for peer choice and dialling jitter (default: from the node "
                            "id)."),
             QStringLiteral("N")},
            {QStringLiteral("metrics"),
             QStringLiteral("Serve Prometheus metrics at http://HOST:PORT/metrics (off by "
                            "default; port 0 picks a free port)."),
             QStringLiteral("HOST:PORT")},
            {QStringLiteral("metrics-allow-remote"),
             QStringLiteral("Allow --metrics on a non-loopback address.")},
            {QStringLiteral("admin"),
             QStringLiteral("Serve the admin API (TLS, bearer token) on HOST:PORT (off by "
                            "default)."),
             QStringLiteral("HOST:PORT")},
            {QStringLiteral("admin-token-file"),
             QStringLiteral("The admin API's token file (default DIR/admin.token; create it "
                            "with `streamsync-node admin-token`)."),
             QStringLiteral("FILE")},
            {QStringLiteral("admin-allow-remote"),
             QStringLiteral("Allow --admin on a non-loopback address.")}};
}

// --NAME HOST:PORT and --NAME-allow-remote; refuses a non-loopback address without the latter
// before anything starts.
Result<ServeEndpoint> readEndpoint(const QCommandLineParser &parser, const QString &name)
{
    ServeEndpoint endpoint;
    if (!parser.isSet(name))
        return endpoint;
    auto address = PeerAddress::parseEndpoint(parser.value(name), true);
    if (!address)
        return Error{address.error()};
    endpoint.address = address.value();
    const QString allow = name + QStringLiteral("-allow-remote");
    endpoint.allowRemote = parser.isSet(allow);
    if (auto bindable = endpoint.bindAddress(QStringLiteral("--") + allow); !bindable)
        return fail(QStringLiteral("--%1: ").arg(name) + bindable.error());
    return endpoint;
}

Result<OperatorEndpointOptions> readEndpoints(const QCommandLineParser &parser)
{
    OperatorEndpointOptions endpoints;
    auto metrics = readEndpoint(parser, QStringLiteral("metrics"));
    auto admin = readEndpoint(parser, QStringLiteral("admin"));
    if (!metrics || !admin)
        return Error{metrics ? admin.error() : metrics.error()};
    endpoints.metrics = metrics.value();
    endpoints.admin = admin.value();
    endpoints.adminTokenFile = parser.value(QStringLiteral("admin-token-file"));
    if (endpoints.adminTokenFile.isEmpty())
        endpoints.adminTokenFile = AdminToken::defaultPath(parser.value(QStringLiteral("data")));
    return endpoints;
}

Result<int> positiveInt(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value <= 0)
        return fail(QStringLiteral("--%1 must be a positive whole number").arg(name));
    return value;
}

Result<DaemonOptions> readOptions(const QCommandLineParser &parser)
{
    DaemonOptions options;
    options.dataDir = parser.value(QStringLiteral("data"));
    if (!parser.isSet(QStringLiteral("listen")))
        return fail(QStringLiteral("--listen HOST:PORT is required"));
    auto listen = PeerAddress::parseEndpoint(parser.value(QStringLiteral("listen")), true);
    if (!listen)
        return Error{listen.error()};
    options.listen = listen.value();
    for (const QString &text : parser.values(QStringLiteral("peer"))) {
        auto peer = PeerAddress::parsePeer(text);
        if (!peer)
            return Error{peer.error()};
        options.peers.append(peer.value());
    }
    const auto interval = positiveInt(parser, QStringLiteral("gossip-interval-ms"));
    const auto fanout = positiveInt(parser, QStringLiteral("fanout"));
    if (!interval || !fanout)
        return Error{interval ? fanout.error() : interval.error()};
    options.gossip.interval = std::chrono::milliseconds(interval.value());
    options.gossip.fanout = fanout.value();
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        options.seed = parser.value(QStringLiteral("seed")).toUInt(&ok);
        if (!ok)
            return fail(QStringLiteral("--seed must be a whole number below 2^32"));
    }
    auto endpoints = readEndpoints(parser);
    if (!endpoints)
        return Error{endpoints.error()};
    options.endpoints = endpoints.value();
    return options;
}

// Runs the started daemon until SIGTERM or SIGINT, then lets it close everything.
int serve(NodeDaemon &daemon, ShutdownSignals &shutdown)
{
    QObject::connect(&shutdown, &ShutdownSignals::requested, &daemon, [&daemon](int signal) {
        daemon.stop(QStringLiteral("signal %1").arg(signal));
    });
    QObject::connect(&daemon, &NodeDaemon::stopped, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(Success); });
    // Printed before the listening line, so whoever waits for that one has these too.
    if (!daemon.metricsText().isEmpty())
        QTextStream(stdout) << "metrics on " << daemon.metricsText() << Qt::endl;
    if (!daemon.adminText().isEmpty())
        QTextStream(stdout) << "admin on " << daemon.adminText() << Qt::endl;
    // Scripts and tests wait for this line: the node is reachable from here on.
    QTextStream(stdout) << "listening on " << daemon.listenText() << " as " << daemon.shortId()
                        << Qt::endl;
    const int code = QCoreApplication::exec();
    QTextStream(stdout) << "stopped" << Qt::endl;
    return code;
}

} // namespace

int runRun(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run the node: listen for peers, keep the given peers connected and "
                       "gossip the log until SIGTERM or SIGINT."));
    parser.addOptions(runOptions());
    if (auto code = parseArguments(parser, arguments))
        return *code;
    const auto options = readOptions(parser);
    if (!options)
        return usageError(options.error(), parser.helpText());
    if (!QCoreApplication::instance())
        return failWith(QStringLiteral("run needs the application's event loop"));
    // Checked before the (slow) key derivation, so a bad token file is reported at once.
    if (options->endpoints.admin.enabled()) {
        if (const auto token = AdminToken::load(options->endpoints.adminTokenFile); !token)
            return failWith(token.error());
    }
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("Passphrase for the node key: "));
    if (!passphrase)
        return failWith(passphrase.error());

    // Handled before the start, so a signal during it waits for a clean stop.
    ShutdownSignals shutdown;
    if (auto installed = shutdown.install(); !installed)
        return failWith(installed.error());
    SystemClock clock;
    NodeDaemon daemon(options.value(), clock);
    if (auto started = daemon.start(passphrase.value()); !started)
        return failWith(started.error());
    return serve(daemon, shutdown);
}

int runId(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print the node's full id (hex), as --peer expects it. No passphrase."));
    parser.addOption(dataOption());
    if (auto code = parseArguments(parser, arguments))
        return *code;
    const auto key =
        KeyFile::readPublicKey(NodeHome::keyPath(parser.value(QStringLiteral("data"))));
    if (!key)
        return failWith(key.error());
    QTextStream(stdout) << NodeId::fromPublicKey(key.value()).toHex() << Qt::endl;
    return Success;
}

} // namespace streamsync::cli
