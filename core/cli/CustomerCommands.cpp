#include "cli/Commands.h"
#include "cli/PassphraseSource.h"
#include "crypto/NodeId.h"
#include "customer/CustomerKey.h"
#include "customer/FetchJob.h"
#include "customer/LoadJob.h"
#include "customer/NodeLink.h"
#include "customer/ObjectFile.h"
#include "customer/PeerSet.h"
#include "customer/StoreJob.h"
#include "net/NodeCertificate.h"
#include "params/Parameters.h"
#include "storage/SpaceGuard.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>
#include <QtEndian>

#include <optional>

namespace streamsync::cli {

namespace {

const char kUsage[] = R"(Usage: streamsync-node customer <command> [options]

Commands:
  init    create a customer key in --data DIR
  store   store FILE on --replication nodes among the --peer nodes; prints the object id
  fetch   fetch object ID into -o FILE, racing every --peer node for each chunk
  load    send --qps queries a second for --duration seconds; prints latency percentiles

Every command but init needs --data DIR (the customer key) and --peer HOST:PORT@ID (repeatable).
)";

// How long commands wait for every peer's handshake before working with those that are ready.
constexpr std::chrono::milliseconds kPatience{3000};

// What every command but init needs: the key's TLS identity, the peers, the network's rules.
struct Session
{
    NodeCertificate identity;
    QList<PeerAddress> peers;
    TransportConfig transport;
    Parameters params = Parameters::defaults();
};

QList<QCommandLineOption> sessionOptions()
{
    return {dataOption(),
            passphraseFileOption(),
            {QStringLiteral("peer"),
             QStringLiteral("A node to use, pinned to its id (repeatable)."),
             QStringLiteral("HOST:PORT@NODEID")}};
}

Result<QList<PeerAddress>> readPeers(const QCommandLineParser &parser)
{
    QList<PeerAddress> peers;
    for (const QString &text : parser.values(QStringLiteral("peer"))) {
        auto peer = PeerAddress::parsePeer(text);
        if (!peer)
            return Error{peer.error()};
        peers.append(peer.value());
    }
    if (peers.isEmpty())
        return fail(QStringLiteral("give at least one --peer HOST:PORT@NODEID"));
    return peers;
}

Result<Session> openSession(const QCommandLineParser &parser, const QList<PeerAddress> &peers)
{
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("Passphrase for the customer key: "));
    if (!passphrase)
        return Error{passphrase.error()};
    const auto key = CustomerKey::load(parser.value(QStringLiteral("data")), passphrase.value());
    if (!key)
        return Error{key.error()};
    auto identity = NodeCertificate::create(key.value());
    if (!identity)
        return Error{identity.error()};
    Session session{identity.value(), peers, {}};
    session.transport.paramsHash = session.params.hash();
    return session;
}

Result<int> positive(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value <= 0)
        return fail(QStringLiteral("--%1 must be a positive whole number").arg(name));
    return value;
}

Result<QByteArray> objectIdFrom(const QString &hex)
{
    const QByteArray id = QByteArray::fromHex(hex.toLatin1());
    if (hex.size() != 64 || id.size() != 32 || QString::fromLatin1(id.toHex()) != hex.toLower())
        return fail(QStringLiteral("an object id is 64 hex digits; got '%1'").arg(hex.left(80)));
    return id;
}

// Runs the event loop from the peers' dialling until `job` emits `finished`.
template <typename Job> void runUntilFinished(PeerSet &peers, Job &job)
{
    QObject::connect(&peers, &PeerSet::settled, &job, &Job::start);
    QObject::connect(&job, &Job::finished, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(Success); });
    peers.open(kPatience);
    QCoreApplication::exec();
}

// Parses, and checks what every session command needs. Returns an exit code to end with.
std::optional<int> parseSessionCommand(QCommandLineParser &parser, const QStringList &arguments,
                                       QList<PeerAddress> &peers)
{
    if (auto code = parseArguments(parser, arguments))
        return code;
    auto parsed = readPeers(parser);
    if (!parsed)
        return usageError(parsed.error(), parser.helpText());
    peers = parsed.value();
    if (!QCoreApplication::instance())
        return failWith(QStringLiteral("customer commands need the application's event loop"));
    return std::nullopt;
}

int runCustomerInit(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a customer key in --data DIR."));
    parser.addOptions({dataOption(), passphraseFileOption()});
    if (auto code = parseArguments(parser, arguments))
        return *code;
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("New passphrase for the customer key: "));
    if (!passphrase)
        return failWith(passphrase.error());
    ScryptCost cost;
    if (qEnvironmentVariableIntValue("STREAMSYNC_TEST_FAST_KDF") == 1)
        cost = ScryptCost::fastForTests();
    const auto key =
        CustomerKey::init(parser.value(QStringLiteral("data")), passphrase.value(), cost);
    if (!key)
        return failWith(key.error());
    QTextStream(stdout) << NodeId::fromPublicKey(key.value()).toHex() << Qt::endl;
    return Success;
}

QList<QCommandLineOption> storeOptions()
{
    return {{QStringLiteral("replication"), QStringLiteral("Nodes to store on (default 3)."),
             QStringLiteral("R"), QString::number(Parameters::defaults().replication)},
            {QStringLiteral("seed"),
             QStringLiteral("Seed for the choice of nodes (default: from the object id)."),
             QStringLiteral("N")}};
}

// The id on stdout, for scripts; who holds it on stderr, for people.
void printStored(const StoreJob &job, const ObjectManifest &manifest)
{
    QStringList holders;
    for (const NodeLink *link : job.holders())
        holders.append(link->label());
    QTextStream(stderr) << "stored " << SpaceGuard::formatBytes(manifest.size) << " in "
                        << manifest.chunkCount() << " chunks on "
                        << holders.join(QStringLiteral(", ")) << Qt::endl;
    QTextStream(stdout) << QString::fromLatin1(manifest.objectId.toHex()) << Qt::endl;
}

int runCustomerStore(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Store FILE on --replication of the --peer nodes (a seeded random choice "
                       "for now) and print its object id once they all hold it."));
    parser.addOptions(sessionOptions());
    parser.addOptions(storeOptions());
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to store."));
    QList<PeerAddress> peers;
    if (auto code = parseSessionCommand(parser, arguments, peers))
        return *code;
    const auto replication = positive(parser, QStringLiteral("replication"));
    if (!replication || parser.positionalArguments().size() != 1)
        return usageError(replication ? QStringLiteral("give exactly one FILE")
                                      : replication.error(),
                          parser.helpText());
    auto session = openSession(parser, peers);
    if (!session)
        return failWith(session.error());
    auto file =
        ObjectFile::open(parser.positionalArguments().first(), session->params.maxChunkBytes);
    if (!file)
        return failWith(file.error());
    const ObjectManifest &manifest = file.value()->manifest();
    const quint32 seed = parser.isSet(QStringLiteral("seed"))
                             ? parser.value(QStringLiteral("seed")).toUInt()
                             : qFromBigEndian<quint32>(manifest.objectId.constData());
    PeerSet set(session->peers, session->identity, session->transport);
    StoreJob job(*file.value(), set, replication.value(), seed);
    runUntilFinished(set, job);
    if (!job.succeeded())
        return failWith(job.error());
    printStored(job, manifest);
    return Success;
}

int runCustomerFetch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fetch object ID into FILE: every chunk is raced among all --peer nodes "
                       "and the first answer whose Merkle proof and signature verify wins. FILE "
                       "is written only if every chunk verified."));
    parser.addOptions(sessionOptions());
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Where to write the object."),
                      QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The object id (hex)."));
    QList<PeerAddress> peers;
    if (auto code = parseSessionCommand(parser, arguments, peers))
        return *code;
    if (parser.positionalArguments().size() != 1 ||
        parser.value(QStringLiteral("output")).isEmpty())
        return usageError(QStringLiteral("give exactly one object ID and -o FILE"),
                          parser.helpText());
    const auto objectId = objectIdFrom(parser.positionalArguments().first());
    if (!objectId)
        return usageError(objectId.error(), parser.helpText());
    auto session = openSession(parser, peers);
    if (!session)
        return failWith(session.error());
    PeerSet set(session->peers, session->identity, session->transport);
    FetchJob job(set, objectId.value(), parser.value(QStringLiteral("output")),
                 std::chrono::milliseconds(session->params.slaDeadlineMs));
    runUntilFinished(set, job);
    if (!job.succeeded())
        return failWith(job.error());
    QStringList wins;
    for (auto it = job.wins().constBegin(); it != job.wins().constEnd(); ++it)
        wins.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    QTextStream(stderr) << "fetched " << SpaceGuard::formatBytes(job.bytesWritten()) << " in "
                        << job.chunkCount()
                        << " chunks; races won: " << wins.join(QStringLiteral(", "))
                        << "; answers rejected: " << job.rejectedAnswers() << Qt::endl;
    return Success;
}

void printLoad(LoadJob &job)
{
    LatencyStats &latencies = job.latencies();
    QTextStream out(stdout);
    out << "queries " << job.issued() << " ok " << latencies.count() << " errors " << job.errors()
        << " seconds " << QString::number(job.elapsedSeconds(), 'f', 1) << Qt::endl;
    out << "latency_ms p50 " << QString::number(latencies.percentileMs(50), 'f', 2) << " p90 "
        << QString::number(latencies.percentileMs(90), 'f', 2) << " p99 "
        << QString::number(latencies.percentileMs(99), 'f', 2) << Qt::endl;
    for (auto it = job.errorReasons().constBegin(); it != job.errorReasons().constEnd(); ++it)
        QTextStream(stderr) << it.value() << " x " << it.key() << Qt::endl;
}

int runCustomerLoad(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Send --qps queries a second for --duration seconds, each a race for a "
                       "random chunk of --object among all --peer nodes; print the count, the "
                       "errors and latency p50/p90/p99 in ms."));
    parser.addOptions(sessionOptions());
    parser.addOptions(
        {{QStringLiteral("qps"), QStringLiteral("Queries per second."), QStringLiteral("N")},
         {QStringLiteral("duration"), QStringLiteral("Seconds to send for."), QStringLiteral("S")},
         {QStringLiteral("object"), QStringLiteral("The object to query (hex id)."),
          QStringLiteral("ID")},
         {QStringLiteral("seed"), QStringLiteral("Seed for the chunks queried (default 1)."),
          QStringLiteral("N"), QStringLiteral("1")}});
    QList<PeerAddress> peers;
    if (auto code = parseSessionCommand(parser, arguments, peers))
        return *code;
    const auto qps = positive(parser, QStringLiteral("qps"));
    const auto duration = positive(parser, QStringLiteral("duration"));
    const auto objectId = objectIdFrom(parser.value(QStringLiteral("object")));
    if (!qps || !duration || !objectId)
        return usageError(!qps        ? qps.error()
                          : !duration ? duration.error()
                                      : objectId.error(),
                          parser.helpText());
    auto session = openSession(parser, peers);
    if (!session)
        return failWith(session.error());
    LoadJob::Options options;
    options.objectId = objectId.value();
    options.qps = qps.value();
    options.duration = std::chrono::seconds(duration.value());
    options.sla = std::chrono::milliseconds(session->params.slaDeadlineMs);
    options.seed = parser.value(QStringLiteral("seed")).toUInt();
    PeerSet set(session->peers, session->identity, session->transport);
    LoadJob job(set, options);
    runUntilFinished(set, job);
    if (job.failed())
        return failWith(job.error());
    printLoad(job);
    return job.latencies().count() > 0 ? Success
                                       : failWith(QStringLiteral("no query was answered"));
}

} // namespace

int runCustomer(const QStringList &arguments)
{
    // A command's output is its result and its warnings (a rejected answer, a node that
    // refused); connection chatter only with QT_LOGGING_RULES, which overrides this.
    QLoggingCategory::setFilterRules(QStringLiteral("streamsync.net.info=false\n"
                                                    "streamsync.*.debug=false"));
    return runSubcommand(arguments,
                         {{"init", runCustomerInit},
                          {"store", runCustomerStore},
                          {"fetch", runCustomerFetch},
                          {"load", runCustomerLoad}},
                         QString::fromLatin1(kUsage), QStringLiteral("customer command"));
}

} // namespace streamsync::cli
