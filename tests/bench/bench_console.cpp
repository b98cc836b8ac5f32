// `bench_console [SECONDS] [RATE]`: the console's responsiveness figures (issue #6), printed.
//
// 1. Cold start: the real streamsync-operator, started 7 times on a fresh profile with
//    STREAMSYNC_BENCH_FIRST_PAINT=1, timed from QProcess::start to its "first paint" line
//    (process start, libraries, QApplication, the facade, the main window, one paint). Next to
//    it, the same round trip of `streamsync-node --version` (a Qt Core process that paints
//    nothing) as the floor of starting any Qt process here.
// 2. Event-loop stalls: the real MainWindow over the real service with the embedded local
//    network (6 competitors and a customer racing RATE queries/s, default 200) and the
//    operator's own node; a 4 ms QTimer measures how late each tick comes (the stall) for
//    SECONDS (default 60) while the views are switched every 3 s. p50/p99/max stall, next to
//    the same timer for 10 s in this process before any window or network exists.
//    Before that, how soon the market moves: seconds from the window opening until the local
//    network runs and until the market the charts draw first changes (three changes printed).
// 3. Resident memory of the console process (VmRSS, VmHWM) with that network running, and of
//    its child processes together.
//
// The platform is whatever QT_QPA_PLATFORM says (offscreen if unset). Never fails for being
// slow: it prints figures.

#include "../support/ProcessReads.h"
#include "MainWindow.h"
#include "PassphraseDialog.h"
#include "crypto/ScryptCost.h"
#include "interfaces/OperatorService.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace streamsync;

namespace {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = qsizetype(p * double(values.size() - 1) + 0.5);
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

// Milliseconds from start() to `line` on the child's stdout (or to its exit when `line` is
// empty); -1 on failure.
double timeProcess(const QString &program, const QStringList &args, const QByteArray &line,
                   const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, args);
    if (!process.waitForStarted(10'000))
        return -1;
    double ms = -1;
    QByteArray out;
    while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
        if (!line.isEmpty() && out.contains(line)) {
            ms = double(timer.nsecsElapsed()) / 1e6;
            break;
        }
    }
    if (line.isEmpty())
        ms = double(timer.nsecsElapsed()) / 1e6;
    process.waitForFinished(10'000);
    return ms;
}

void coldStart()
{
    constexpr int kRuns = 7;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STREAMSYNC_BENCH_FIRST_PAINT"), QStringLiteral("1"));
    env.insert(QStringLiteral("STREAMSYNC_TEST_FAST_KDF"), QStringLiteral("1"));
    QList<double> console;
    QList<double> floor;
    for (int run = 0; run < kRuns; ++run) {
        QTemporaryDir profile;
        QTemporaryDir config;
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        const double ms = timeProcess(
            QStringLiteral(STREAMSYNC_OPERATOR_BIN),
            {QStringLiteral("--profile"), profile.path(), QStringLiteral("--no-localnet")},
            "first paint", env);
        if (ms < 0) {
            std::printf("cold start: the console did not report its first paint\n");
            return;
        }
        console.append(ms);
        floor.append(timeProcess(QStringLiteral(STREAMSYNC_NODE_BIN), {QStringLiteral("--version")},
                                 {}, env));
    }
    std::printf("cold start to first paint: median %.0f ms (min %.0f, max %.0f) over %d runs; "
                "target < 1000 ms\n",
                percentile(console, 0.5), percentile(console, 0), percentile(console, 1), kRuns);
    std::printf("  reference, `streamsync-node --version` round trip: median %.0f ms; "
                "console / reference = %.1f\n",
                percentile(floor, 0.5), percentile(console, 0.5) / percentile(floor, 0.5));
}

qint64 statusKb(const QString &path, const QByteArray &field)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field).append(':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// Direct children of this process: their count and summed VmRSS in kB.
std::pair<int, qint64> childrenRss()
{
    const QList<qint64> children = test::childProcesses();
    qint64 kb = 0;
    for (const qint64 pid : children)
        kb += statusKb(QStringLiteral("/proc/%1/status").arg(pid), "VmRSS");
    return {int(children.size()), kb};
}

template <typename T> Result<T> await(QFuture<Result<T>> future, int timeoutMs = 60'000)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return fail(QStringLiteral("timed out"));
    return future.result();
}

bool createKey(ui::MainWindow &window)
{
    const auto dialog = [&window] {
        return window.findChild<ui::PassphraseDialog *>(QStringLiteral("passphraseDialog"));
    };
    if (!QTest::qWaitFor([&] { return dialog() && dialog()->isVisible(); }, 30'000))
        return false;
    const QString pass = QStringLiteral("bench passphrase");
    dialog()->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(pass);
    dialog()->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))->setText(pass);
    dialog()
        ->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    return QTest::qWaitFor([&] { return !dialog(); }, 30'000);
}

// How late each tick of a 4 ms precise timer comes, in ms, over `seconds`; `every3s` runs every
// 3 s meanwhile (the views being switched).
QList<double> sampleStalls(int seconds, const std::function<void()> &every3s)
{
    QList<double> stalls;
    QElapsedTimer clock;
    constexpr qint64 kTickNs = 4'000'000;
    qint64 last = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(int(kTickNs / 1'000'000));
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        stalls.append(double(std::max<qint64>(0, now - last - kTickNs)) / 1e6);
        last = now;
    });
    QTimer switcher;
    switcher.setInterval(3000);
    QObject::connect(&switcher, &QTimer::timeout, every3s);
    clock.start();
    tick.start();
    switcher.start();
    // A real event loop: QTest::qWait() sleeps 10 ms between its rounds of events, which would
    // be measured as stalls.
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    return stalls;
}

void liveConsole(int seconds, int rate)
{
    QTemporaryDir dir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("settings")));
    interfaces::OperatorServiceConfig config;
    config.profileDir = dir.filePath(QStringLiteral("profile"));
    config.kdfCost = std::make_shared<ScryptCost>(ScryptCost::fastForTests());
    config.localnet.rate = rate;
    auto service = interfaces::makeOperatorService(config);
    bool networkUp = false;
    QElapsedTimer sinceShown;
    qint64 networkUpMs = -1;
    QList<qint64> marketChangesMs; // when the market the charts draw changed, from the window
    QObject::connect(service.get(), &interfaces::OperatorService::networkStatusChanged,
                     [&](const QString &status) {
                         if (networkUp || !status.startsWith(QLatin1String("local network runs")))
                             return;
                         networkUp = true;
                         networkUpMs = sinceShown.elapsed();
                     });
    QObject::connect(service.get(), &interfaces::OperatorService::marketChanged,
                     [&] { marketChangesMs.append(sinceShown.elapsed()); });
    {
        ui::MainWindow window(*service);
        window.resize(1280, 800);
        window.show();
        sinceShown.start();
        window.start();
        if (!createKey(window)) {
            std::printf("live console: the passphrase dialog did not work\n");
            return;
        }
        const auto node = await(service->addNode(
            {QStringLiteral("desk"), dir.filePath(QStringLiteral("desk")), 1LL << 30}));
        if (!node || !await(service->changeState(node->id, LifecycleState::Starting, {}))) {
            std::printf("live console: the operator's node did not start\n");
            return;
        }
        window.refresh();
        if (!QTest::qWaitFor([&] { return networkUp; }, 120'000)) {
            std::printf("live console: the local network did not start\n");
            return;
        }

        // Charts move: the market (offers, earnings, scores) changed at least twice.
        (void)QTest::qWaitFor([&] { return marketChangesMs.size() >= 3; }, 60'000);
        QStringList changes;
        for (qint64 ms : marketChangesMs.mid(0, 3))
            changes.append(QString::number(double(ms) / 1000.0, 'f', 1));
        const QByteArray changed = changes.join(QStringLiteral(", ")).toUtf8();
        std::printf("living market: local network up %.1f s after the window opened; the "
                    "market the charts draw changed at %s s; target: charts move within 10 s\n",
                    double(networkUpMs) / 1000.0, changed.constData());

        const QStringList views = ui::MainWindow::viewNames();
        int shown = 0;
        const QList<double> stalls =
            sampleStalls(seconds, [&] { window.showView(views.at(++shown % views.size())); });
        const int late =
            int(std::count_if(stalls.begin(), stalls.end(), [](double s) { return s > 16.0; }));
        std::printf("event-loop stall over %d s (%lld ticks of 4 ms, views switched every 3 s, "
                    "local network at %d queries/s): p50 %.2f ms, p99 %.2f ms, max %.1f ms, "
                    "%d ticks later than 16 ms; target p99 < 16 ms\n",
                    seconds, qlonglong(stalls.size()), rate, percentile(stalls, 0.5),
                    percentile(stalls, 0.99), percentile(stalls, 1.0), late);
        const auto [children, childKb] = childrenRss();
        std::printf("resident memory of the console: VmRSS %lld MB, peak VmHWM %lld MB; "
                    "target < 200 MB (its %d child processes together: %lld MB)\n",
                    statusKb(QStringLiteral("/proc/self/status"), "VmRSS") / 1024,
                    statusKb(QStringLiteral("/proc/self/status"), "VmHWM") / 1024, children,
                    childKb / 1024);
        QFile log(dir.filePath(QStringLiteral("profile/localnet/logs/customer.log")));
        if (log.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
            for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
                if (it->contains("epoch") && it->contains("queries")) {
                    std::printf("  the customer's last epoch: %s\n", it->left(160).constData());
                    break;
                }
            }
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("STREAMSYNC_NODE_BIN", STREAMSYNC_NODE_BIN);
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("StreamSyncBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_console"));
    const QStringList args = QCoreApplication::arguments();
    const int seconds = args.size() > 1 ? args.at(1).toInt() : 60;
    const int rate = args.size() > 2 ? args.at(2).toInt() : 200;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    coldStart();
    // The reference: the same timer in this process with no window and no network, so what the
    // console adds shows apart from what the machine and the platform plugin cost anyway.
    const QList<double> idle = sampleStalls(10, [] {});
    std::printf("event-loop stall, reference (no window, no network, 10 s): p50 %.2f ms, "
                "p99 %.2f ms, max %.1f ms\n",
                percentile(idle, 0.5), percentile(idle, 0.99), percentile(idle, 1.0));
    liveConsole(std::max(5, seconds), std::max(1, rate));
    return 0;
}
