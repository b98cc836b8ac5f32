#include "cli/Commands.h"
#include "ledger/LedgerReplay.h"
#include "ledger/NetworkConfig.h"
#include "log/Event.h"
#include "log/EventStore.h"
#include "log/LogFile.h"
#include "node/NodeHome.h"
#include "params/Parameters.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <functional>

namespace streamsync::cli {

namespace {

const char kLogUsage[] =
    R"(Usage: streamsync-node log <export|import|verify|replay> [options] [FILE]

  export --data DIR FILE   write the node's log to FILE as a CBOR sequence (RFC 8742)
  import --data DIR FILE   check every event in FILE and add the valid ones to the node's log
  verify FILE              check FILE on its own: (author, seq) order, chains and signatures
  replay --data DIR [--network FILE]
                           rebuild the ledger tables from the log alone (the network file
                           defaults to DIR/network.json)

Exit codes: 0 success, 1 usage, 2 failure (one-line reason on stderr).
)";

// Parses a log subcommand that takes one FILE; returns the exit code to end with, or nullopt.
std::optional<int> parseFileCommand(QCommandLineParser &parser, const QStringList &arguments,
                                    bool needsData)
{
    if (needsData)
        parser.addOption(dataOption());
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The log file."));
    if (auto code = parseArguments(parser, arguments, needsData))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("give exactly one FILE"), parser.helpText());
    return std::nullopt;
}

// What `log export` and `log import` share: --data DIR and one FILE. Opens the node and runs
// `work` with it and the FILE, or ends with the usage or failure code.
int withNodeAndFile(const QStringList &arguments, const QString &description,
                    const std::function<int(NodeHome &home, const QString &path)> &work)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    if (auto code = parseFileCommand(parser, arguments, true))
        return *code;
    SystemClock clock;
    const auto home = NodeHome::open(parser.value(QStringLiteral("data")), clock);
    if (!home)
        return failWith(home.error());
    return work(*home.value(), parser.positionalArguments().first());
}

int exportLog(NodeHome &home, const QString &path)
{
    // Written aside and renamed at the end, so a failed export never leaves half a log that
    // would later verify as a shorter one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failWith(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    const auto written = home.log().exportTo(file);
    if (!written)
        return failWith(written.error());
    if (!file.commit())
        return failWith(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    QTextStream(stdout) << "exported " << *written << " events to " << path << Qt::endl;
    return Success;
}

int importLog(NodeHome &home, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const auto report = home.log().importFrom(file);
    if (!report)
        return failWith(report.error());
    QTextStream(stdout) << "imported " << path << ": accepted " << report->accepted
                        << ", duplicates " << report->duplicates << ", refused " << report->refused
                        << ", forks " << report->forks << Qt::endl;
    // A fork is a finding about its author, not a fault of the file: the proof is stored and
    // `status` counts it.
    if (report->refused > 0)
        return failWith(QStringLiteral("refused %1 of the file's events, kept the valid ones; "
                                       "first: %2")
                            .arg(report->refused)
                            .arg(report->firstRefusal));
    return Success;
}

int runExport(const QStringList &arguments)
{
    return withNodeAndFile(arguments, QStringLiteral("Write the node's log to FILE."), exportLog);
}

int runImport(const QStringList &arguments)
{
    return withNodeAndFile(
        arguments,
        QStringLiteral("Check every event in FILE and add the valid ones to the node's log."),
        importLog);
}

int runVerify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Check a log file on its own: (author, seq) order, every chain and every signature."));
    if (auto code = parseFileCommand(parser, arguments, false))
        return *code;
    const QString path = parser.positionalArguments().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const auto report = verifySequence(file, Parameters::defaults().maxEventBytes);
    if (!report)
        return failWith(report.error());
    QTextStream out(stdout);
    for (auto it = report->eventsPerAuthor.begin(); it != report->eventsPerAuthor.end(); ++it)
        out << Event::shortHex(it.key()) << "  " << it.value() << " events" << Qt::endl;
    if (!report->valid())
        return failWith(report->firstError);
    out << "OK  " << report->events << " events from " << report->eventsPerAuthor.size()
        << " authors" << Qt::endl;
    return Success;
}

int runReplay(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Rebuild the node's ledger tables (balances, earnings, stake, reputation, offers) from "
        "its log alone: every signature is checked again, on every core."));
    parser.addOption(dataOption());
    parser.addOption({QStringLiteral("network"),
                      QStringLiteral("The network file (JSON: genesis key and parameters); "
                                     "default DIR/network.json."),
                      QStringLiteral("FILE")});
    if (auto code = parseArguments(parser, arguments))
        return *code;
    SystemClock clock;
    const QString dir = parser.value(QStringLiteral("data"));
    const auto home = NodeHome::open(dir, clock);
    if (!home)
        return failWith(home.error());
    const QString networkPath = parser.isSet(QStringLiteral("network"))
                                    ? parser.value(QStringLiteral("network"))
                                    : QDir(dir).filePath(QStringLiteral("network.json"));
    const auto network = NetworkConfig::load(networkPath);
    if (!network)
        return failWith(network.error());
    const auto report = LedgerReplay::fromDatabase(home.value()->database(),
                                                   network->ledgerConfig(), clock.nowMs());
    if (!report)
        return failWith(QStringLiteral("replay failed: %1").arg(report.error()));
    QTextStream(stdout) << report->summary() << Qt::endl;
    return Success;
}

} // namespace

int runLog(const QStringList &arguments)
{
    return runSubcommand(arguments,
                         {{"export", runExport},
                          {"import", runImport},
                          {"verify", runVerify},
                          {"replay", runReplay}},
                         QString::fromLatin1(kLogUsage), QStringLiteral("log command"));
}

} // namespace streamsync::cli
