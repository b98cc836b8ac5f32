#include "cli/Commands.h"
#include "cli/MarketOptions.h"
#include "cli/PassphraseSource.h"
#include "crypto/NodeId.h"
#include "customer/ChunkBook.h"
#include "customer/CustomerKey.h"
#include "customer/CustomerSession.h"
#include "customer/FetchJob.h"
#include "customer/HeldReports.h"
#include "customer/LoadJob.h"
#include "customer/MarketWorkload.h"
#include "customer/NodeLink.h"
#include "customer/ObjectFile.h"
#include "customer/PeerSet.h"
#include "customer/StoreJob.h"
#include "daemon/ShutdownSignals.h"
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
  load    a query workload; with --network FILE it races in the market: selection by price and
          reputation, an escrow per epoch, receipts to the winners, race and audit reports

Every command but init needs --data DIR (the customer key) and --peer HOST:PORT@ID (repeatable;
without it, fetch and load ask the nodes that stored the object, from DIR/objects.json).
)";

// How long commands wait for every peer's handshake before working with those that are ready.
constexpr std::chrono::milliseconds kPatience{3000};

QList<QCommandLineOption> sessionOptions()
{
    return {dataOption(),
            passphraseFileOption(),
            {QStringLiteral("peer"),
             QStringLiteral("A node to use, pinned to its id (repeatable)."),
             QStringLiteral("HOST:PORT@NODEID")},
            {QStringLiteral("network"),
             QStringLiteral("The network's config (genesis key, parameters); without it the "
                            "default parameters, and no market."),
             QStringLiteral("FILE")}};
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
    return peers;
}

// Without --peer, the holders the object book knows (once each): who stored it answers it.
void addKnownHolders(QList<PeerAddress> &peers, const QList<PeerAddress> &known)
{
    for (const PeerAddress &holder : known) {
        const bool listed = std::any_of(peers.cbegin(), peers.cend(), [&](const PeerAddress &p) {
            return p.nodeId == holder.nodeId;
        });
        if (!listed)
            peers.append(holder);
    }
}

Result<std::unique_ptr<CustomerSession>> openSession(const QCommandLineParser &parser)
{
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("Passphrase for the customer key: "));
    if (!passphrase)
        return Error{passphrase.error()};
    return CustomerSession::open(parser.value(QStringLiteral("data")), passphrase.value(),
                                 parser.value(QStringLiteral("network")));
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

std::optional<int> needPeers(const QList<PeerAddress> &peers, const QCommandLineParser &parser)
{
    if (peers.isEmpty())
        return usageError(QStringLiteral("give at least one --peer HOST:PORT@NODEID"),
                          parser.helpText());
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

// Remembers who holds the object, so later commands need not be told.
Result<void> rememberStored(CustomerSession &session, const StoreJob &job,
                            const ObjectManifest &manifest)
{
    ObjectBook::Entry entry{manifest.objectId, manifest.size, manifest.chunkHashes, {}};
    for (const NodeLink *link : job.holders())
        entry.holders.append(link->peer());
    session.book().remember(entry);
    return session.book().save();
}

int runCustomerStore(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Store FILE on --replication of the --peer nodes (a seeded random choice) "
                       "and print its object id once they all hold it; DIR/objects.json "
                       "remembers them."));
    parser.addOptions(sessionOptions());
    parser.addOptions(storeOptions());
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to store."));
    QList<PeerAddress> peers;
    if (auto code = parseSessionCommand(parser, arguments, peers))
        return *code;
    if (auto code = needPeers(peers, parser))
        return *code;
    const auto replication = positive(parser, QStringLiteral("replication"));
    if (!replication || parser.positionalArguments().size() != 1)
        return usageError(replication ? QStringLiteral("give exactly one FILE")
                                      : replication.error(),
                          parser.helpText());
    auto session = openSession(parser);
    if (!session)
        return failWith(session.error());
    auto file = ObjectFile::open(parser.positionalArguments().first(),
                                 session.value()->params().maxChunkBytes);
    if (!file)
        return failWith(file.error());
    const ObjectManifest &manifest = file.value()->manifest();
    const quint32 seed = parser.isSet(QStringLiteral("seed"))
                             ? parser.value(QStringLiteral("seed")).toUInt()
                             : qFromBigEndian<quint32>(manifest.objectId.constData());
    CustomerSession &s = *session.value();
    PeerSet set(peers, s.identity(), s.transport());
    StoreJob job(*file.value(), set, replication.value(), seed);
    runUntilFinished(set, job);
    if (!job.succeeded())
        return failWith(job.error());
    if (auto saved = rememberStored(s, job, manifest); !saved)
        return failWith(saved.error());
    printStored(job, manifest);
    return Success;
}

int runCustomerFetch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fetch object ID into FILE: every chunk is raced among all --peer nodes "
                       "(and the holders DIR/objects.json names) and the first answer whose "
                       "Merkle proof and signature verify wins. FILE is written only if every "
                       "chunk verified."));
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
    auto session = openSession(parser);
    if (!session)
        return failWith(session.error());
    CustomerSession &s = *session.value();
    const ObjectBook::Entry *known = s.book().find(objectId.value());
    if (peers.isEmpty() && known)
        addKnownHolders(peers, known->holders);
    if (auto code = needPeers(peers, parser))
        return *code;
    PeerSet set(peers, s.identity(), s.transport());
    FetchJob job(set, objectId.value(), parser.value(QStringLiteral("output")),
                 std::chrono::milliseconds(s.params().slaDeadlineMs));
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

QList<QCommandLineOption> loadOptions()
{
    return {{{QStringLiteral("rate"), QStringLiteral("qps")},
             QStringLiteral("Queries per second."),
             QStringLiteral("QPS")},
            {QStringLiteral("duration"),
             QStringLiteral("Seconds to send for; 0 (with --network) runs until SIGTERM or "
                            "SIGINT."),
             QStringLiteral("S")},
            {QStringLiteral("object"),
             QStringLiteral("An object to query (hex id; repeatable; default with --network: "
                            "every object in DIR/objects.json)."),
             QStringLiteral("ID")},
            {QStringLiteral("seed"),
             QStringLiteral("Seed for the chunks queried and the selection (default 1)."),
             QStringLiteral("N"), QStringLiteral("1")},
            {QStringLiteral("max-price"),
             QStringLiteral("With --network: the most to pay per query, µcr (default the "
                            "network's cap)."),
             QStringLiteral("MICRO")},
            {QStringLiteral("escrow"),
             QStringLiteral("With --network: escrow per epoch, µcr (default: the epoch's "
                            "expected queries at the maximum price, capped by the balance)."),
             QStringLiteral("MICRO")},
            {QStringLiteral("hold-partial-epoch"),
             QStringLiteral("With --network: stopped mid-epoch, keep that epoch's reports in "
                            "DIR for the next `load` instead of publishing half of it.")}};
}

// --object values, or with none the object book's.
Result<QList<QByteArray>> loadObjects(const QCommandLineParser &parser, const ObjectBook &book)
{
    QList<QByteArray> objects;
    for (const QString &text : parser.values(QStringLiteral("object"))) {
        const auto id = objectIdFrom(text);
        if (!id)
            return Error{id.error()};
        objects.append(id.value());
    }
    if (objects.isEmpty())
        objects = book.objectIds();
    if (objects.isEmpty())
        return fail(QStringLiteral("give --object ID (DIR/objects.json lists no stored object)"));
    return objects;
}

// The plain benchmark (no --network): every given node raced for every query.
int runPlainLoad(const QCommandLineParser &parser, CustomerSession &session,
                 const QList<PeerAddress> &peers, const QList<QByteArray> &objects, int rate)
{
    const auto duration = positive(parser, QStringLiteral("duration"));
    if (!duration)
        return usageError(duration.error(), parser.helpText());
    LoadJob::Options options;
    options.objectId = objects.first();
    options.qps = rate;
    options.duration = std::chrono::seconds(duration.value());
    options.sla = std::chrono::milliseconds(session.params().slaDeadlineMs);
    options.seed = parser.value(QStringLiteral("seed")).toUInt();
    PeerSet set(peers, session.identity(), session.transport());
    LoadJob job(set, options);
    runUntilFinished(set, job);
    if (job.failed())
        return failWith(job.error());
    printLoad(job);
    return job.latencies().count() > 0 ? Success
                                       : failWith(QStringLiteral("no query was answered"));
}

Result<MarketWorkload::Options> marketOptions(const QCommandLineParser &parser,
                                              CustomerSession &session,
                                              const QList<QByteArray> &objects, int rate)
{
    MarketWorkload::Options options;
    options.objects = objects;
    options.rate = rate;
    bool ok = false;
    const int seconds = parser.value(QStringLiteral("duration")).toInt(&ok);
    if (parser.isSet(QStringLiteral("duration")) && (!ok || seconds < 0))
        return fail(QStringLiteral("--duration must be a whole number of seconds (0: until "
                                   "SIGTERM)"));
    options.duration = std::chrono::seconds(ok ? seconds : 0);
    options.seed = parser.value(QStringLiteral("seed")).toULongLong();
    options.maxPrice = session.params().maxPricePerQuery;
    options.heldReportsPath = HeldReports::pathIn(parser.value(QStringLiteral("data")));
    options.holdPartialEpoch = parser.isSet(QStringLiteral("hold-partial-epoch"));
    if (parser.isSet(QStringLiteral("max-price"))) {
        auto price =
            parsePrice(parser.value(QStringLiteral("max-price")), QStringLiteral("--max-price"));
        if (!price)
            return Error{price.error()};
        options.maxPrice = price.value();
    }
    if (parser.isSet(QStringLiteral("escrow"))) {
        auto escrow =
            parsePrice(parser.value(QStringLiteral("escrow")), QStringLiteral("--escrow"));
        if (!escrow)
            return Error{escrow.error()};
        options.escrow = escrow.value();
    }
    if (const auto genesis = session.genesis()) {
        options.genesisStartMs = genesis->startMs;
        options.grant = genesis->grants.value(session.key().publicKey());
    }
    return options;
}

// The object book's chunk hashes, and its holders among the set's links.
ChunkBook knownChunks(const ObjectBook &book, const QList<QByteArray> &objects)
{
    ChunkBook chunks;
    for (const QByteArray &id : objects) {
        const ObjectBook::Entry *entry = book.find(id);
        if (!entry)
            continue;
        chunks.setLeafCount(id, entry->chunkCount());
        for (qint64 i = 0; i < entry->chunkCount(); ++i)
            chunks.learn(id, i, entry->chunkHashes.at(i));
    }
    return chunks;
}

QHash<QByteArray, QList<NodeLink *>> knownHolders(const ObjectBook &book, const PeerSet &set,
                                                  const QList<QByteArray> &objects)
{
    QHash<QByteArray, QList<NodeLink *>> holders;
    for (const QByteArray &id : objects) {
        const ObjectBook::Entry *entry = book.find(id);
        for (NodeLink *link : set.links()) {
            const bool holds = entry && std::any_of(entry->holders.cbegin(), entry->holders.cend(),
                                                    [&](const PeerAddress &p) {
                                                        return p.nodeId == link->peer().nodeId;
                                                    });
            if (holds)
                holders[id].append(link);
        }
    }
    return holders;
}

// The market workload, until its duration or a signal; prints one line per epoch.
int runMarketLoad(const QCommandLineParser &parser, CustomerSession &session,
                  const QList<PeerAddress> &peers, const QList<QByteArray> &objects, int rate)
{
    auto options = marketOptions(parser, session, objects, rate);
    if (!options)
        return usageError(options.error(), parser.helpText());
    auto feed = session.feed();
    if (!feed)
        return failWith(feed.error());
    ShutdownSignals shutdown;
    if (auto installed = shutdown.install(); !installed)
        return failWith(installed.error());
    PeerSet set(peers, session.identity(), session.transport());
    options.value().knownHolders = knownHolders(session.book(), set, objects);
    MarketWorkload job(set, *feed.value(), session.key(), session.params(), options.value(),
                       knownChunks(session.book(), objects));
    QObject::connect(&shutdown, &ShutdownSignals::requested, &job, &MarketWorkload::stop);
    QObject::connect(&job, &MarketWorkload::epochSummary,
                     [](const QString &line) { QTextStream(stdout) << line << Qt::endl; });
    QObject::connect(&job, &MarketWorkload::notice,
                     [](const QString &line) { QTextStream(stderr) << line << Qt::endl; });
    runUntilFinished(set, job);
    QTextStream(stdout) << "queries " << job.queries() << " won " << job.wins() << Qt::endl;
    if (options->duration.count() > 0 && job.wins() == 0)
        return failWith(QStringLiteral("no query was answered"));
    return Success;
}

int runCustomerLoad(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Send --rate queries a second, each for a random chunk of an --object. "
                       "Without --network every query races all --peer nodes for --duration "
                       "seconds, then count, errors and latency p50/p90/p99 are printed. With "
                       "--network each query races the k nodes the market selects, paid from "
                       "an escrow per epoch; one summary line per epoch."));
    parser.addOptions(sessionOptions());
    parser.addOptions(loadOptions());
    QList<PeerAddress> peers;
    if (auto code = parseSessionCommand(parser, arguments, peers))
        return *code;
    const auto rate = positive(parser, QStringLiteral("rate"));
    if (!rate)
        return usageError(rate.error(), parser.helpText());
    auto session = openSession(parser);
    if (!session)
        return failWith(session.error());
    CustomerSession &s = *session.value();
    const auto objects = loadObjects(parser, s.book());
    if (!objects)
        return usageError(objects.error(), parser.helpText());
    const bool given = !peers.isEmpty();
    for (const QByteArray &id : objects.value()) {
        if (const ObjectBook::Entry *known = s.book().find(id); known && !given)
            addKnownHolders(peers, known->holders);
    }
    if (auto code = needPeers(peers, parser))
        return *code;
    if (!s.network())
        return runPlainLoad(parser, s, peers, objects.value(), rate.value());
    return runMarketLoad(parser, s, peers, objects.value(), rate.value());
}

} // namespace

int runCustomer(const QStringList &arguments)
{
    // A command's output is its result and its warnings (a rejected answer, a node that
    // refused); connection chatter only with QT_LOGGING_RULES, which overrides this.
    QLoggingCategory::setFilterRules(QStringLiteral("streamsync.net.info=false\n"
                                                    "streamsync.*.debug=false\n"
                                                    "streamsync.customer.info=false"));
    return runSubcommand(arguments,
                         {{"init", runCustomerInit},
                          {"store", runCustomerStore},
                          {"fetch", runCustomerFetch},
                          {"load", runCustomerLoad}},
                         QString::fromLatin1(kUsage), QStringLiteral("customer command"));
}

} // namespace streamsync::cli
