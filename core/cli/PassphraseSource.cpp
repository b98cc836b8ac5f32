#include "cli/PassphraseSource.h"

#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace streamsync::cli {

namespace {

Result<QString> fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            QStringLiteral("cannot read passphrase file %1: %2").arg(path, file.errorString()));
    const QString line = QString::fromUtf8(file.readLine()).trimmed();
    if (line.isEmpty())
        return fail(QStringLiteral("passphrase file %1 is empty").arg(path));
    return line;
}

Result<QString> fromTerminal(const QString &prompt)
{
    if (!isatty(STDIN_FILENO))
        return fail(QStringLiteral("no passphrase: use --passphrase-file FILE or set "
                                   "STREAMSYNC_PASSPHRASE"));
    std::fprintf(stderr, "%s", qPrintable(prompt));
    std::fflush(stderr);
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios silent = saved;
    silent.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    QTextStream in(stdin);
    const QString line = in.readLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
    if (line.isEmpty())
        return fail(QStringLiteral("the passphrase must not be empty"));
    return line;
}

} // namespace

Result<QString> readPassphrase(const QString &passphraseFile, const QString &prompt)
{
    if (!passphraseFile.isEmpty())
        return fromFile(passphraseFile);
    const QString fromEnv = qEnvironmentVariable("STREAMSYNC_PASSPHRASE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return fromTerminal(prompt);
}

} // namespace streamsync::cli
