#include "cli/Commands.h"
#include "cli/MarketOptions.h"
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
             QStringLiteral("Allow --admin on a non-loopback address.")},
            {QStringLiteral("handoff-retry-ms"),
             QStringLiteral("While draining, try again this long after no peer took an object "
                            "(default 10000)."),
             QStringLiteral("N"), QStringLiteral("10000")}};
}

// The market (issue #5) and the hardware profile a local-network node plays (issue #6).
QList<QCommandLineOption> marketOptions()
{
    QCommandLineOption corrupt(QStringLiteral("test-corrupt-answers"),
                               QStringLiteral("Test hook: sign provably false answers."));
    corrupt.setFlags(QCommandLineOption::HiddenFromHelp);
    return {{QStringLiteral("network"),
             QStringLiteral("Join the network of this config (genesis key, parameters): keep "
                            "its ledger, answer market requests, close epochs."),
             QStringLiteral("FILE")},
            {QStringLiteral("genesis-key"),
             QStringLiteral("The network's genesis key file (same passphrase): close epochs "
                            "while no stake is bonded. Give it to one node only."),
             QStringLiteral("FILE")},
            {QStringLiteral("offer-price"),
             QStringLiteral("Offer this price per query (µcr) at start if the node has no offer."),
             QStringLiteral("MICRO")},
            {QStringLiteral("offer-price-gb-month"),
             QStringLiteral("The first offer's price per GB-month (µcr; default the network's "
                            "incumbent reference price)."),
             QStringLiteral("MICRO")},
            {QStringLiteral("bond"),
             QStringLiteral("Bond this stake (µcr) at start if none is bonded and the balance "
                            "covers it."),
             QStringLiteral("MICRO")},
            {QStringLiteral("strategy"),
             QStringLiteral("Re-price at start and each epoch: %1 (default fixed).")
                 .arg(PricingStrategy::names()),
             QStringLiteral("NAME"), QStringLiteral("fixed")},
            {QStringLiteral("cost-floor"),
             QStringLiteral("The lowest price per query (µcr) a strategy goes to (default a "
                            "quarter of the first offer's)."),
             QStringLiteral("MICRO")},
            {QStringLiteral("latency-ms"),
             QStringLiteral("Hardware profile: hold every answer back N ms (default 0)."),
             QStringLiteral("N"), QStringLiteral("0")},
            {QStringLiteral("fail-rate"),
             QStringLiteral("Hardware profile: answer this many of 1000 queries with an error "
                            "(default 0)."),
             QStringLiteral("PERMILLE"), QStringLiteral("0")},
            {QStringLiteral("capacity-bytes"),
             QStringLiteral("Hardware profile: store at most N bytes, whatever the quota."),
             QStringLiteral("N")},
            corrupt};
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

Result<std::optional<Money>> optionalPrice(const QCommandLineParser &parser, const QString &name)
{
    if (!parser.isSet(name))
        return std::optional<Money>();
    const auto price = parsePrice(parser.value(name), QStringLiteral("--") + name);
    if (!price)
        return Error{price.error()};
    return std::optional<Money>(price.value());
}

Result<MarketSettings> readMarket(const QCommandLineParser &parser)
{
    MarketSettings market;
    market.networkFile = parser.value(QStringLiteral("network"));
    market.genesisKeyFile = parser.value(QStringLiteral("genesis-key"));
    const auto strategy = PricingStrategy::fromString(parser.value(QStringLiteral("strategy")));
    if (!strategy)
        return fail(QStringLiteral("--strategy must be one of %1").arg(PricingStrategy::names()));
    market.strategy = *strategy;
    const auto offer = optionalPrice(parser, QStringLiteral("offer-price"));
    const auto gbMonth = optionalPrice(parser, QStringLiteral("offer-price-gb-month"));
    const auto bond = optionalPrice(parser, QStringLiteral("bond"));
    const auto floor = optionalPrice(parser, QStringLiteral("cost-floor"));
    for (const auto *read : {&offer, &gbMonth, &bond, &floor}) {
        if (!*read)
            return Error{read->error()};
    }
    market.offerPrice = offer.value();
    market.offerGbMonthPrice = gbMonth.value();
    market.bond = bond.value();
    market.costFloor = floor.value();
    const bool needsNetwork = market.offerPrice || market.bond ||
                              parser.isSet(QStringLiteral("strategy")) ||
                              !market.genesisKeyFile.isEmpty();
    if (needsNetwork && !market.enabled())
        return fail(QStringLiteral("--offer-price, --bond, --strategy and --genesis-key need "
                                   "--network FILE"));
    return market;
}

Result<ServingProfile::Settings> readServing(const QCommandLineParser &parser)
{
    ServingProfile::Settings serving;
    bool latencyOk = false;
    bool failOk = false;
    serving.latencyMs = parser.value(QStringLiteral("latency-ms")).toInt(&latencyOk);
    serving.failPermille = parser.value(QStringLiteral("fail-rate")).toInt(&failOk);
    if (!latencyOk || serving.latencyMs < 0 || serving.latencyMs > 600'000)
        return fail(QStringLiteral("--latency-ms must be a whole number from 0 to 600000"));
    if (!failOk || serving.failPermille < 0 || serving.failPermille > ServingProfile::kPermille)
        return fail(QStringLiteral("--fail-rate must be a whole number of per-mille from 0 to "
                                   "1000"));
    if (parser.isSet(QStringLiteral("capacity-bytes"))) {
        bool ok = false;
        serving.capacityBytes = parser.value(QStringLiteral("capacity-bytes")).toLongLong(&ok);
        if (!ok || serving.capacityBytes <= 0)
            return fail(QStringLiteral("--capacity-bytes must be a positive whole number"));
    }
    return serving;
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
    const auto retry = positiveInt(parser, QStringLiteral("handoff-retry-ms"));
    if (!retry)
        return Error{retry.error()};
    options.handoff.retryAfter = std::chrono::milliseconds(retry.value());
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
    auto market = readMarket(parser);
    auto serving = readServing(parser);
    if (!market || !serving)
        return Error{market ? serving.error() : market.error()};
    options.market = market.value();
    options.serving = serving.value();
    options.hooks.corruptAnswers = parser.isSet(QStringLiteral("test-corrupt-answers"));
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
    parser.addOptions(marketOptions());
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
