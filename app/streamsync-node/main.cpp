#include "cli/Commands.h"

#include <QCoreApplication>

// The headless node: every subcommand lives in core/cli so it is testable without this binary.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("streamsync-node"));
    QCoreApplication::setOrganizationName(QStringLiteral("StreamSync"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMSYNC_VERSION));
    return streamsync::cli::runNodeCli(QCoreApplication::arguments());
}
