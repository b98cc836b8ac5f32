#include "localnet/LocalProcess.h"

#include "localnet/ProcessGroup.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <csignal>

namespace streamsync {

namespace {

constexpr int kTailLines = 8;

} // namespace

LocalProcess::LocalProcess(QString name, ProcessGroup &group, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_group(group)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (isRunning())
            m_process->kill();
    });
}

LocalProcess::~LocalProcess()
{
    // A child must never outlive its handle: the parent no longer watches it.
    if (isRunning()) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

qint64 LocalProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

void LocalProcess::start(const Launch &launch)
{
    if (isRunning())
        return;
    if (m_process)
        m_process->deleteLater();
    m_stopping = false;
    m_listen.clear();
    m_partial.clear();
    m_log.close();
    m_log.setFileName(launch.logPath);
    (void)m_log.open(QIODevice::WriteOnly | QIODevice::Append);
    m_process = new QProcess(this);
    m_process->setProgram(launch.program);
    m_process->setArguments(launch.arguments);
    m_process->setProcessEnvironment(launch.environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(launch.logPath, QIODevice::Append);
    const qint64 groupId = m_group.id();
    const qint64 parentPid = QCoreApplication::applicationPid();
    m_process->setChildProcessModifier(
        [groupId, parentPid] { ProcessGroup::prepareChild(groupId, parentPid); });
    connect(m_process, &QProcess::started, this, [this] {
        m_group.noteStarted(m_process->processId());
        Q_EMIT started();
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &LocalProcess::onReadyRead);
    connect(m_process, &QProcess::finished, this, &LocalProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &LocalProcess::onError);
    m_process->start();
}

void LocalProcess::stop(std::chrono::milliseconds grace)
{
    if (!isRunning() || m_stopping)
        return;
    m_stopping = true;
    m_process->terminate();
    m_killTimer.start(grace);
}

void LocalProcess::onReadyRead()
{
    m_partial += m_process->readAllStandardOutput();
    qsizetype end = 0;
    while ((end = m_partial.indexOf('\n')) >= 0) {
        const QString text = QString::fromUtf8(m_partial.left(end)).trimmed();
        m_partial.remove(0, end + 1);
        keepLine(text);
    }
}

void LocalProcess::keepLine(const QString &text)
{
    static const QRegularExpression listeningLine(QStringLiteral("^listening on (\\S+) as "));
    if (m_log.isOpen()) {
        m_log.write(text.toUtf8() + '\n');
        m_log.flush();
    }
    m_tail.append(text);
    if (m_tail.size() > kTailLines)
        m_tail.removeFirst();
    Q_EMIT line(text);
    const auto match = listeningLine.match(text);
    if (match.hasMatch() && m_listen.isEmpty()) {
        m_listen = match.captured(1);
        Q_EMIT listening(m_listen);
    }
}

void LocalProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onReadyRead();
    m_killTimer.stop();
    const bool requested = std::exchange(m_stopping, false);
    Q_EMIT exited(exitCode, status == QProcess::CrashExit, requested);
}

void LocalProcess::onError(QProcess::ProcessError error)
{
    // Only a failed start has no finished() to follow.
    if (error != QProcess::FailedToStart)
        return;
    keepLine(
        QStringLiteral("cannot start %1: %2").arg(m_process->program(), m_process->errorString()));
    m_stopping = false;
    Q_EMIT exited(-1, true, false);
}

} // namespace streamsync
