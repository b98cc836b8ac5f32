#include "cli/Commands.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace streamsync::cli {

namespace {

const char kUsage[] = R"(Usage: streamsync-node <command> [options]

Commands:
  init        create a node's key and database in --data DIR
  status      show a node's id, state, quota and log
  lifecycle   move a node to another lifecycle state
  log         export, import or verify the signed log (log export|import|verify FILE)
  run         run the node: listen, connect to --peer HOST:PORT@ID, gossip the log
  id          print the node's full id, as --peer expects it
  customer    store and fetch objects, generate query load (customer init|store|fetch|load)
  admin-token create the admin API's token file (DIR/admin.token, mode 0600)
  localnet    run a local network: competitor nodes and a customer on loopback (--dir DIR)
  offer       sign and publish the node's prices (--price-query MICRO [--price-gb-month MICRO])
  bond        bond stake from the node's balance (--amount MICRO)
  unbond      start unbonding stake (--amount MICRO)

Run `streamsync-node <command> --help` for a command's options.
Exit codes: 0 success, 1 usage, 2 failure (one-line reason on stderr).
)";

int printVersion(const QStringList &)
{
    QTextStream(stdout) << "streamsync-node " << STREAMSYNC_VERSION << Qt::endl;
    return Success;
}

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

int runSubcommand(const QStringList &arguments, const QList<Subcommand> &commands,
                  const QString &usage, const QString &what)
{
    const QString name = arguments.value(1);
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.value(0) + QLatin1Char(' ') + name);
    for (const Subcommand &command : commands) {
        if (name == QLatin1String(command.name))
            return command.run(rest);
    }
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help")) {
        QTextStream(stdout) << usage;
        return Success;
    }
    return usageError(name.isEmpty() ? QStringLiteral("no %1 given").arg(what)
                                     : QStringLiteral("unknown %1 '%2'").arg(what, name),
                      usage);
}

int runNodeCli(const QStringList &arguments)
{
    return runSubcommand(arguments,
                         {{"init", runInit},
                          {"status", runStatus},
                          {"lifecycle", runLifecycle},
                          {"log", runLog},
                          {"run", runRun},
                          {"id", runId},
                          {"customer", runCustomer},
                          {"admin-token", runAdminToken},
                          {"localnet", runLocalnet},
                          {"offer", runOffer},
                          {"bond", runBond},
                          {"unbond", runUnbond},
                          {"--version", printVersion}},
                         QString::fromLatin1(kUsage), QStringLiteral("command"));
}

} // namespace streamsync::cli
