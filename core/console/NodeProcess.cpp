#include "console/NodeProcess.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <csignal>
#include <unistd.h>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace streamsync::console {

namespace {

// Between fork and exec: async-signal-safe calls only.
void dieWithParent(pid_t parent)
{
#ifdef Q_OS_LINUX
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    // The console may have died between fork and prctl: then no signal would ever come.
    if (::getppid() != parent)
        ::_exit(127);
#else
    Q_UNUSED(parent);
#endif
}

} // namespace

NodeProcess::NodeProcess(QObject *parent) : QObject(parent)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (isRunning())
            m_process.kill();
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &NodeProcess::onStdout);
    connect(&m_process, &QProcess::finished, this, &NodeProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &NodeProcess::onError);
}

NodeProcess::~NodeProcess()
{
    if (!isRunning())
        return;
    m_process.disconnect(this);
    m_process.kill();
    m_process.waitForFinished(3000);
}

void NodeProcess::start(const Launch &launch)
{
    if (isRunning())
        return;
    m_stopping = false;
    m_listen.clear();
    m_admin.clear();
    m_reason.clear();
    m_outPartial.clear();
    m_logPath = launch.logPath;
    m_process.setProgram(launch.program);
    m_process.setArguments(launch.arguments);
    m_process.setProcessEnvironment(launch.environment);
    m_process.setStandardInputFile(QProcess::nullDevice());
    // The kernel appends the daemon's log (stderr) to the file: no copying on this thread.
    m_process.setStandardErrorFile(m_logPath, QIODevice::Append);
    const pid_t parent = pid_t(QCoreApplication::applicationPid());
    m_process.setChildProcessModifier([parent] { dieWithParent(parent); });
    m_process.start();
}

void NodeProcess::stop(std::chrono::milliseconds grace)
{
    if (!isRunning() || m_stopping)
        return;
    m_stopping = true;
    m_process.terminate();
    m_killTimer.start(grace);
}

bool NodeProcess::waitForExit(std::chrono::milliseconds timeout)
{
    return !isRunning() || m_process.waitForFinished(int(qMax<qint64>(1, timeout.count())));
}

void NodeProcess::onStdout()
{
    m_outPartial += m_process.readAllStandardOutput();
    qsizetype end = 0;
    while ((end = m_outPartial.indexOf('\n')) >= 0) {
        const QString text = QString::fromUtf8(m_outPartial.left(end)).trimmed();
        m_outPartial.remove(0, end + 1);
        line(text);
    }
}

// The daemon's last words: the last line of its log (a failing command's one-line reason).
// Read once, when it ended; only the file's tail.
QString NodeProcess::lastLogLine() const
{
    QFile log(m_logPath);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    log.seek(qMax<qint64>(0, log.size() - 4096));
    const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last()).trimmed();
}

void NodeProcess::line(const QString &text)
{
    static const QRegularExpression listenLine(QStringLiteral("^listening on (\\S+) as "));
    static const QRegularExpression adminLine(QStringLiteral("^admin on (\\S+)"));
    if (const auto match = adminLine.match(text); match.hasMatch())
        m_admin = match.captured(1);
    if (const auto match = listenLine.match(text); match.hasMatch() && m_listen.isEmpty()) {
        m_listen = match.captured(1);
        Q_EMIT listening(m_listen);
    }
}

void NodeProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onStdout();
    m_killTimer.stop();
    const bool requested = std::exchange(m_stopping, false);
    // For a crash, QProcess reports the signal's number as the exit code. A failing daemon's
    // last log line is its one-line reason; a killed one's is just where it was.
    const QString last = lastLogLine();
    if (status == QProcess::CrashExit)
        m_reason = QStringLiteral("the node process was killed by signal %1").arg(exitCode) +
                   (last.isEmpty() ? QString() : QStringLiteral(" (its log ended: %1)").arg(last));
    else
        m_reason = QStringLiteral("the node process exited with code %1").arg(exitCode) +
                   (last.isEmpty() ? QString() : QStringLiteral(": ") + last);
    Q_EMIT exited(requested, m_reason);
}

void NodeProcess::onError(QProcess::ProcessError error)
{
    // Only a failed start has no finished() to follow.
    if (error != QProcess::FailedToStart)
        return;
    m_stopping = false;
    m_reason =
        QStringLiteral("cannot start %1: %2").arg(m_process.program(), m_process.errorString());
    Q_EMIT exited(false, m_reason);
}

} // namespace streamsync::console
