#pragma once

#include <QCommandLineOption>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace streamsync::cli {

// Exit codes of streamsync-node (DESIGN §10).
enum ExitCode { Success = 0, Usage = 1, Failure = 2 };

// Each takes the program name followed by the subcommand's own arguments, prints its result on
// stdout and, on failure, one line "streamsync-node: <reason>" on stderr.
int runInit(const QStringList &arguments);
int runStatus(const QStringList &arguments);
int runLifecycle(const QStringList &arguments);
int runLog(const QStringList &arguments);
int runRun(const QStringList &arguments);
int runId(const QStringList &arguments);
// `customer init|store|fetch|load` (CustomerCommands.cpp).
int runCustomer(const QStringList &arguments);
int runAdminToken(const QStringList &arguments);
// `localnet --dir DIR`: the embedded local network without the GUI (LocalnetCommand.cpp).
int runLocalnet(const QStringList &arguments);
// `offer`, `bond`, `unbond`: the node's market events (MarketCommands.cpp).
int runOffer(const QStringList &arguments);
int runBond(const QStringList &arguments);
int runUnbond(const QStringList &arguments);

// Parses the subcommand and dispatches; `arguments` is the whole command line.
int runNodeCli(const QStringList &arguments);

// Shared helpers for the command implementations.

// One subcommand of a command that has them (`streamsync-node init`, `streamsync-node log export`).
struct Subcommand
{
    const char *name;
    int (*run)(const QStringList &arguments);
};

// Runs the subcommand named by arguments[1] with the arguments after it, the program name
// becoming "<program> <subcommand>"; `help`, `-h` and `--help` print `usage`. A missing or
// unknown name is a usage error that calls it a `what` ("command", "log command").
int runSubcommand(const QStringList &arguments, const QList<Subcommand> &commands,
                  const QString &usage, const QString &what);

int failWith(const QString &reason);
int usageError(const QString &reason, const QString &help);

QCommandLineOption dataOption();
QCommandLineOption passphraseFileOption();
// Adds --help and parses. Returns the exit code to end with (after --help, or a usage problem
// such as a missing --data when `needsData`), or nullopt to go on.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  bool needsData = true);

} // namespace streamsync::cli
