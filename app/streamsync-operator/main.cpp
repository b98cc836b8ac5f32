// The operator console: parses the command line, builds the node core's facade and shows the
// main window. Everything else lives in the ui library.

#include "ConsolePalette.h"
#include "FirstPaintProbe.h"
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

// Exit code 1 with a one-line reason, as streamsync-node does for usage errors.
int usageError(const QString &reason)
{
    std::fprintf(stderr, "streamsync-operator: %s\n", qPrintable(reason));
    return 1;
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
    const QCommandLineOption palette(
        QStringLiteral("palette"),
        QApplication::translate("main", "Colours for this run: system, light or dark."),
        QStringLiteral("NAME"));
    parser.addOption(palette);
    const QCommandLineOption view(
        QStringLiteral("view"),
        QApplication::translate("main", "Open this view: %1.")
            .arg(streamsync::ui::MainWindow::viewNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    parser.addOption(view);
    const QCommandLineOption noLocalnet(
        QStringLiteral("no-localnet"),
        QApplication::translate("main", "Do not run the embedded local network (by default it "
                                        "runs when no bootstrap peers are configured)."));
    const QCommandLineOption localnetDir(
        QStringLiteral("localnet-dir"),
        QApplication::translate(
            "main", "Folder of the embedded local network (default: PROFILE/localnet)."),
        QStringLiteral("DIR"));
    parser.addOption(noLocalnet);
    parser.addOption(localnetDir);
    parser.process(app);
    const QStringList palettes{QStringLiteral("system"), QStringLiteral("light"),
                               QStringLiteral("dark")};
    if (parser.isSet(palette) && !palettes.contains(parser.value(palette)))
        return usageError(QStringLiteral("unknown palette: %1").arg(parser.value(palette)));
    if (parser.isSet(view) && !streamsync::ui::MainWindow::viewNames().contains(parser.value(view)))
        return usageError(QStringLiteral("unknown view: %1").arg(parser.value(view)));

    streamsync::interfaces::OperatorServiceConfig config;
    config.profileDir = profileDirectory(parser, profile);
    config.kdfCost = kdfCost();
    config.embeddedNetwork = !parser.isSet(noLocalnet);
    if (parser.isSet(localnetDir))
        config.localnet.dir = QDir(parser.value(localnetDir)).absolutePath();
    const auto service = streamsync::interfaces::makeOperatorService(config);

    streamsync::ui::MainWindow window(*service);
    // After the window: it applies the saved palette, which the option overrides for this run.
    if (parser.isSet(palette))
        streamsync::ui::applyPalette(streamsync::ui::paletteFromName(parser.value(palette)));
    if (parser.isSet(view))
        window.showView(parser.value(view));
    // Benchmark hook (tests/bench/bench_console): say when the window first painted, and quit.
    if (qEnvironmentVariableIntValue("STREAMSYNC_BENCH_FIRST_PAINT") == 1) {
        auto *probe = new streamsync::ui::FirstPaintProbe(&window);
        QObject::connect(probe, &streamsync::ui::FirstPaintProbe::painted, &app, [] {
            std::fputs("first paint\n", stdout);
            std::fflush(stdout);
            QApplication::quit();
        });
    }
    window.show();
    window.start();
    return QApplication::exec();
}
