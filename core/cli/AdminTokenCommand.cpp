#include "cli/Commands.h"
#include "daemon/AdminToken.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace streamsync::cli {

// `streamsync-node admin-token --data DIR [--file FILE]`: the admin API's token file, created
// once and never overwritten (a console may already hold the token). The secret is not printed,
// so it does not end up in a terminal's scrollback or a script's log; the operator copies the
// file to the console's machine.
int runAdminToken(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Create the admin API's token file (256 random bits, mode 0600) if it "
                       "does not exist yet, and check it if it does."));
    parser.addOptions(
        {dataOption(),
         {QStringLiteral("file"), QStringLiteral("The token file (default DIR/admin.token)."),
          QStringLiteral("FILE")}});
    if (auto code = parseArguments(parser, arguments))
        return *code;
    const QString dir = parser.value(QStringLiteral("data"));
    if (!QFileInfo(dir).isDir())
        return failWith(QStringLiteral("%1 is not a folder").arg(dir));
    const QString path = QDir::cleanPath(QFileInfo(parser.isSet(QStringLiteral("file"))
                                                       ? parser.value(QStringLiteral("file"))
                                                       : AdminToken::defaultPath(dir))
                                             .absoluteFilePath());
    const auto created = AdminToken::createIfAbsent(path);
    if (!created)
        return failWith(created.error());
    QTextStream(stdout) << (created.value() ? "created " : "kept existing ") << path << Qt::endl;
    return Success;
}

} // namespace streamsync::cli
