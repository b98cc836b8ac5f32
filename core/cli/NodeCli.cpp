#include "cli/Commands.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>

namespace streamsync::cli {

namespace {

const char kUsage[] = R"(Usage: streamsync-node <command> [options]

Commands:
  init        create a node's key and database in --data DIR
  status      show a node's id, state, quota and log
  lifecycle   move a node to another lifecycle state
  log         export, import or verify the signed log (log export|import|verify FILE)

Run `streamsync-node <command> --help` for a command's options.
Exit codes: 0 success, 1 usage, 2 failure (one-line reason on stderr).
)";

} // namespace

int failWith(const QString &reason)
{
    QTextStream(stderr) << "streamsync-node: " << reason << Qt::endl;
    return Failure;
}

int usageError(const QString &reason, const QString &help)
{
    QTextStream err(stderr);
    err << "streamsync-node: " << reason << Qt::endl << Qt::endl << help;
    return Usage;
}

QCommandLineOption dataOption()
{
    return {QStringLiteral("data"), QStringLiteral("The node's data folder."),
            QStringLiteral("DIR")};
}

QCommandLineOption passphraseFileOption()
{
    return {QStringLiteral("passphrase-file"),
            QStringLiteral("Read the key passphrase from FILE (else $STREAMSYNC_PASSPHRASE, else a "
                           "prompt)."),
            QStringLiteral("FILE")};
}

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  bool needsData)
{
    parser.addHelpOption();
    if (!parser.parse(arguments))
        return usageError(parser.errorText(), parser.helpText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Success;
    }
    if (needsData && parser.value(QStringLiteral("data")).isEmpty())
        return usageError(QStringLiteral("--data DIR is required"), parser.helpText());
    return std::nullopt;
}

int runNodeCli(const QStringList &arguments)
{
    const QString command = arguments.value(1);
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.value(0) + QLatin1Char(' ') + command);
    if (command == QLatin1String("init"))
        return runInit(rest);
    if (command == QLatin1String("status"))
        return runStatus(rest);
    if (command == QLatin1String("lifecycle"))
        return runLifecycle(rest);
    if (command == QLatin1String("log"))
        return runLog(rest);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return Success;
    }
    if (command == QLatin1String("--version")) {
        std::printf("streamsync-node %s\n", STREAMSYNC_VERSION);
        return Success;
    }
    return usageError(command.isEmpty() ? QStringLiteral("no command given")
                                        : QStringLiteral("unknown command '%1'").arg(command),
                      QString::fromLatin1(kUsage));
}

} // namespace streamsync::cli
