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

// Parses the subcommand and dispatches; `arguments` is the whole command line.
int runNodeCli(const QStringList &arguments);

// Shared helpers for the command implementations.
int failWith(const QString &reason);
int usageError(const QString &reason, const QString &help);

QCommandLineOption dataOption();
QCommandLineOption passphraseFileOption();
// Adds --help and parses. Returns the exit code to end with (after --help, or a usage problem
// such as a missing --data when `needsData`), or nullopt to go on.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  bool needsData = true);

} // namespace streamsync::cli
