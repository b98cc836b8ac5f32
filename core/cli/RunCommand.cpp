#include "cli/Commands.h"
#include "cli/PassphraseSource.h"
#include "crypto/KeyFile.h"
#include "crypto/NodeId.h"
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
             QStringLiteral("N")}};
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
