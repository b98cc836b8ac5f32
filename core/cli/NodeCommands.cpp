#include "cli/Commands.h"
#include "cli/PassphraseSource.h"
#include "crypto/NodeId.h"
#include "daemon/DataHandoff.h"
#include "log/EventStore.h"
#include "node/NodeHome.h"
#include "node/NodeRepository.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QLocale>
#include <QTextStream>

namespace streamsync::cli {

namespace {

// "10GB", "500 MB", "2TiB", or plain bytes; decimal and binary units.
std::optional<qint64> parseSize(const QString &text)
{
    static const QList<QPair<QString, qint64>> units = {{QStringLiteral("tib"), 1LL << 40},
                                                        {QStringLiteral("gib"), 1LL << 30},
                                                        {QStringLiteral("mib"), 1LL << 20},
                                                        {QStringLiteral("tb"), 1'000'000'000'000LL},
                                                        {QStringLiteral("gb"), 1'000'000'000LL},
                                                        {QStringLiteral("mb"), 1'000'000LL},
                                                        {QStringLiteral("b"), 1}};
    QString t = text.trimmed().toLower();
    qint64 factor = 1;
    for (const auto &[suffix, size] : units) {
        if (t.endsWith(suffix)) {
            t.chop(suffix.size());
            factor = size;
            break;
        }
    }
    bool ok = false;
    const qint64 value = t.trimmed().toLongLong(&ok);
    qint64 bytes = 0;
    if (!ok || value <= 0 || __builtin_mul_overflow(value, factor, &bytes))
        return std::nullopt;
    return bytes;
}

void printRecord(const NodeRecord &node)
{
    QTextStream out(stdout);
    out << "node     " << node.name << Qt::endl
        << "id       " << NodeId::fromHex(node.id).shortText() << "  (" << node.id << ")"
        << Qt::endl
        << "state    " << toString(node.state) << Qt::endl
        << "folder   " << node.folder << Qt::endl
        << "quota    " << QLocale::c().formattedDataSize(node.quotaBytes) << Qt::endl
        << "used     " << QLocale::c().formattedDataSize(node.usedBytes) << Qt::endl;
}

// A drain's handoff: how much of the stored data is now held by other nodes.
void printHandoff(const HandoffProgress &handoff)
{
    QTextStream(stdout) << "handoff  " << handoff.objectsDone << " of " << handoff.objectsTotal
                        << " objects, " << QLocale::c().formattedDataSize(handoff.bytesDone)
                        << " of " << QLocale::c().formattedDataSize(handoff.bytesTotal)
                        << (handoff.complete ? ", complete" : "") << Qt::endl
                        << "         " << handoff.note << Qt::endl;
}

// The node's own feed and the whole log it holds, so an operator sees the log grow.
Result<void> printLog(NodeHome &home)
{
    const auto own = home.log().head(home.publicKey());
    if (!own)
        return Error{own.error()};
    const auto events = home.log().eventCount();
    if (!events)
        return Error{events.error()};
    const auto forks = home.log().forkProofs();
    if (!forks)
        return Error{forks.error()};
    QTextStream(stdout) << "log      " << own->seq << " own events, " << *events << " in all, "
                        << forks->size() << " fork proofs" << Qt::endl;
    return {};
}

QString stateNames()
{
    QStringList names;
    for (LifecycleState state : allLifecycleStates())
        names.append(toString(state));
    return names.join(QLatin1String(", "));
}

// What `init` and `status` print: the node's record and its log.
int printNode(NodeHome &home)
{
    const auto record = home.record();
    if (!record)
        return failWith(record.error());
    printRecord(record.value());
    if (const auto handoff = DataHandoff::read(home.database()))
        printHandoff(*handoff);
    if (auto printed = printLog(home); !printed)
        return failWith(printed.error());
    return Success;
}

} // namespace

int runInit(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a node's key and database."));
    parser.addOptions(
        {dataOption(),
         passphraseFileOption(),
         {QStringLiteral("name"), QStringLiteral("A name for the node."), QStringLiteral("NAME")},
         {QStringLiteral("quota"),
          QStringLiteral("Space the node may use, e.g. 50GB (default 10GiB)."),
          QStringLiteral("SIZE"), QStringLiteral("10GiB")}});
    if (auto code = parseArguments(parser, arguments))
        return *code;
    const auto quota = parseSize(parser.value(QStringLiteral("quota")));
    if (!quota)
        return usageError(QStringLiteral("--quota must be a size such as 50GB"), parser.helpText());
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("New passphrase for the node key: "));
    if (!passphrase)
        return failWith(passphrase.error());

    SystemClock clock;
    NodeHome::InitOptions options{parser.value(QStringLiteral("name")), *quota, ScryptCost{}};
    if (qEnvironmentVariableIntValue("STREAMSYNC_TEST_FAST_KDF") == 1)
        options.cost = ScryptCost::fastForTests();
    const auto home =
        NodeHome::init(parser.value(QStringLiteral("data")), options, passphrase.value(), clock);
    if (!home)
        return failWith(home.error());
    return printNode(*home.value());
}

int runStatus(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show a node's identity and state."));
    parser.addOption(dataOption());
    if (auto code = parseArguments(parser, arguments))
        return *code;
    SystemClock clock;
    const auto home = NodeHome::open(parser.value(QStringLiteral("data")), clock);
    if (!home)
        return failWith(home.error());
    return printNode(*home.value());
}

int runLifecycle(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Move the node to another lifecycle state."));
    parser.addOptions({dataOption(),
                       passphraseFileOption(),
                       {QStringLiteral("why"), QStringLiteral("The reason, kept in the history."),
                        QStringLiteral("TEXT"), QStringLiteral("operator request")}});
    parser.addPositionalArgument(QStringLiteral("state"),
                                 QStringLiteral("Target state (e.g. Starting, Paused, Draining), "
                                                "or `history` to list past transitions."));
    if (auto code = parseArguments(parser, arguments))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("give exactly one target state"), parser.helpText());
    SystemClock clock;
    const auto home = NodeHome::open(parser.value(QStringLiteral("data")), clock);
    if (!home)
        return failWith(home.error());
    NodeRepository &nodes = home.value()->repository();
    const QString id = home.value()->idHex();
    const QString target = parser.positionalArguments().first();

    QTextStream out(stdout);
    if (target == QLatin1String("history")) {
        const auto history = nodes.history(id);
        if (!history)
            return failWith(history.error());
        for (const Transition &t : history.value())
            out << QDateTime::fromMSecsSinceEpoch(t.atMs).toString(Qt::ISODate) << "  "
                << toString(t.from) << " -> " << toString(t.to) << "  (" << toString(t.who) << ": "
                << t.why << ")" << Qt::endl;
        return Success;
    }
    const auto state = lifecycleStateFromString(target);
    if (!state)
        return usageError(QStringLiteral("unknown state '%1'; the states are %2, or `history`")
                              .arg(target, stateNames()),
                          parser.helpText());
    // The transition is signed into the node's feed, so the key must be unlocked first.
    const auto passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-file")),
                                           QStringLiteral("Passphrase for the node key: "));
    if (!passphrase)
        return failWith(passphrase.error());
    if (auto unlocked = home.value()->unlock(passphrase.value()); !unlocked)
        return failWith(unlocked.error());
    const auto moved =
        home.value()->transition(*state, parser.value(QStringLiteral("why")), Actor::Operator);
    if (!moved)
        return failWith(moved.error());
    out << toString(moved->state) << Qt::endl;
    return Success;
}

} // namespace streamsync::cli
