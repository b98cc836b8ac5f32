// The operator console: parses the command line, builds the node core's facade and shows the
// main window. Everything else lives in the ui library.

#include "MainWindow.h"
#include "Resources.h"
#include "crypto/ScryptCost.h"
#include "interfaces/OperatorService.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

namespace {

QString profileDirectory(const QCommandLineParser &parser, const QCommandLineOption &profile)
{
    if (parser.isSet(profile))
        return QDir(parser.value(profile)).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

// Test hook: STREAMSYNC_TEST_FAST_KDF=1 makes the passphrase KDF cheap so GUI tests and scripted
// screenshots need not wait for the interactive scrypt cost. Keys made this way are easy to
// brute-force, so it is an environment variable for test harnesses, not a command-line option.
std::shared_ptr<const streamsync::ScryptCost> kdfCost()
{
    if (qEnvironmentVariableIntValue("STREAMSYNC_TEST_FAST_KDF") != 1)
        return std::make_shared<streamsync::ScryptCost>(streamsync::ScryptCost::interactive());
    std::fputs("streamsync-operator: STREAMSYNC_TEST_FAST_KDF=1: weak key derivation for tests\n",
               stderr);
    return std::make_shared<streamsync::ScryptCost>(streamsync::ScryptCost::fastForTests());
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("StreamSync"));
    QApplication::setApplicationName(QStringLiteral("streamsync-operator"));
    QApplication::setApplicationDisplayName(QStringLiteral("StreamSync Operator"));
    QApplication::setApplicationVersion(QStringLiteral(STREAMSYNC_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("streamsync-operator"));
    streamsync::ui::ensureResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/streamsync.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Operator console for the StreamSync storage network"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QApplication::translate("main", "Operator profile folder (keys and database)."),
        QStringLiteral("DIR"));
    parser.addOption(profile);
    parser.process(app);

    streamsync::interfaces::OperatorServiceConfig config;
    config.profileDir = profileDirectory(parser, profile);
    config.kdfCost = kdfCost();
    const auto service = streamsync::interfaces::makeOperatorService(config);

    streamsync::ui::MainWindow window(*service);
    window.show();
    window.start();
    return QApplication::exec();
}
