#include "cli/Commands.h"
#include "crypto/NodeId.h"
#include "daemon/ShutdownSignals.h"
#include "localnet/LocalNetwork.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace streamsync::cli {

namespace {

QList<QCommandLineOption> localnetOptions()
{
    return {{QStringLiteral("dir"),
             QStringLiteral("The local network's folder (created, or reused if it holds one)."),
             QStringLiteral("DIR")},
            {QStringLiteral("competitors"),
             QStringLiteral("Competitor nodes, each with its own strategy and hardware (default "
                            "6)."),
             QStringLiteral("N"), QStringLiteral("6")},
            {QStringLiteral("epoch-ms"), QStringLiteral("Epoch length in ms (default 30000)."),
             QStringLiteral("MS"), QStringLiteral("30000")},
            {QStringLiteral("rate"),
             QStringLiteral("The customer's queries per second (default 20; 0: no load)."),
             QStringLiteral("QPS"), QStringLiteral("20")},
            {QStringLiteral("base-port"),
             QStringLiteral("Node i listens on BASE+i (default 0: free ports)."),
             QStringLiteral("PORT"), QStringLiteral("0")},
            {QStringLiteral("metrics"),
             QStringLiteral("Give every node a Prometheus endpoint on a free loopback port.")},
            {QStringLiteral("seed"),
             QStringLiteral("Seed of the customer's choices and objects (default 1)."),
             QStringLiteral("N"), QStringLiteral("1")}};
}

Result<qint64> wholeNumber(const QCommandLineParser &parser, const QString &name, qint64 min,
                           qint64 max)
{
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        return fail(QStringLiteral("--%1 must be a whole number from %2 to %3")
                        .arg(name)
                        .arg(min)
                        .arg(max));
    return value;
}

Result<LocalNetworkSpec> readSpec(const QCommandLineParser &parser)
{
    LocalNetworkSpec spec;
    spec.dir = parser.value(QStringLiteral("dir"));
    if (spec.dir.isEmpty())
        return fail(QStringLiteral("--dir DIR is required"));
    spec.nodeProgram = QCoreApplication::applicationFilePath();
    const auto competitors = wholeNumber(parser, QStringLiteral("competitors"), 3, 32);
    const auto epoch = wholeNumber(parser, QStringLiteral("epoch-ms"), 1000, 86'400'000);
    const auto rate = wholeNumber(parser, QStringLiteral("rate"), 0, 1000);
    const auto port = wholeNumber(parser, QStringLiteral("base-port"), 0, 65535);
    const auto seed = wholeNumber(parser, QStringLiteral("seed"), 0, 0xffffffffLL);
    for (const auto *read : {&competitors, &epoch, &rate, &port, &seed}) {
        if (!*read)
            return Error{read->error()};
    }
    spec.competitors = int(competitors.value());
    spec.epochMs = epoch.value();
    spec.rate = int(rate.value());
    spec.basePort = quint16(port.value());
    spec.seed = quint32(seed.value());
    spec.metrics = parser.isSet(QStringLiteral("metrics"));
    if (auto valid = spec.validate(); !valid)
        return Error{valid.error()};
    return spec;
}

QString statusLine(const LocalNetwork::Process &p)
{
    QString line =
        QStringLiteral("%1 %2 %3 %4 %5")
            .arg(p.name, -10)
            .arg(p.role, -8)
            .arg(p.nodeId.isEmpty() ? QString() : NodeId::fromHex(p.nodeId).shortText(), -19)
            .arg(p.listen.isEmpty() ? QStringLiteral("-") : p.listen, -21)
            .arg(p.state, -8);
    if (p.role == QLatin1String("node"))
        line += QStringLiteral(" %1 from %2 µcr/query, bond %3 cr, %4 ms, %5‰ failures")
                    .arg(p.strategy, -8)
                    .arg(p.offerPriceMicro)
                    .arg(p.bondMicro / 1'000'000)
                    .arg(p.latencyMs)
                    .arg(p.failPermille);
    return line + QStringLiteral(" pid %1").arg(p.pid);
}

void printStarted(const LocalNetwork &net)
{
    QTextStream out(stdout);
    out << "localnet running in " << net.spec().dir << Qt::endl;
    for (const LocalNetwork::Process &p : net.processes())
        out << statusLine(p) << Qt::endl;
    out << "join with --network " << net.networkFile() << " --peer " << net.peerArguments().value(0)
        << "; details in " << net.manifestFile() << Qt::endl;
}

// Reports what happens while the network runs, until it stops.
void watch(LocalNetwork &net)
{
    QObject::connect(&net, &LocalNetwork::started, &net, [&net] { printStarted(net); });
    QObject::connect(&net, &LocalNetwork::output, &net,
                     [](const QString &name, const QString &line) {
                         if (name == QLatin1String("customer"))
                             QTextStream(stdout) << "customer: " << line << Qt::endl;
                     });
    QObject::connect(&net, &LocalNetwork::processFailed, &net,
                     [](const QString &name, const QString &reason, int) {
                         QTextStream(stderr) << name << " failed: " << reason << Qt::endl;
                     });
    QObject::connect(&net, &LocalNetwork::processRestarted, &net, [](const QString &name) {
        QTextStream(stdout) << name << " restarted" << Qt::endl;
    });
    // Once the network runs, every (re)start gets its status line.
    QObject::connect(&net, &LocalNetwork::processStarted, &net, [&net](const QString &name) {
        if (net.state() != LocalNetwork::State::Running)
            return;
        for (const LocalNetwork::Process &p : net.processes()) {
            if (p.name == name)
                QTextStream(stdout) << statusLine(p) << Qt::endl;
        }
    });
    QObject::connect(&net, &LocalNetwork::stateChanged, &net, [](LocalNetwork::State state) {
        QTextStream(stdout) << "localnet: " << LocalNetwork::stateName(state) << Qt::endl;
    });
}

} // namespace

int runLocalnet(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run a local network on loopback (DESIGN §8): competitor nodes with "
                       "their own pricing strategies and hardware, a genesis that funds them, and "
                       "a customer that stores objects and races queries, until SIGTERM or "
                       "SIGINT. The keys' passphrase is in DIR/passphrase (a play network)."));
    parser.addOptions(localnetOptions());
    if (auto code = parseArguments(parser, arguments, false))
        return *code;
    const auto spec = readSpec(parser);
    if (!spec)
        return usageError(spec.error(), parser.helpText());
    if (!QCoreApplication::instance())
        return failWith(QStringLiteral("localnet needs the application's event loop"));
    ShutdownSignals shutdown;
    if (auto installed = shutdown.install(); !installed)
        return failWith(installed.error());
    LocalNetwork net(spec.value());
    watch(net);
    QString failure;
    QObject::connect(&shutdown, &ShutdownSignals::requested, &net, &LocalNetwork::stop);
    QObject::connect(&net, &LocalNetwork::failed, &net, [&net, &failure](const QString &reason) {
        failure = reason;
        net.stop();
    });
    QObject::connect(&net, &LocalNetwork::stopped, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(Success); });
    net.start();
    QCoreApplication::exec();
    return failure.isEmpty() ? Success : failWith(failure);
}

} // namespace streamsync::cli
