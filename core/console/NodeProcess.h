#pragma once

#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace streamsync::console {

// One `streamsync-node run` child of the console. It dies with the console: the child asks the
// kernel for SIGTERM when the console's thread that started it ends (PR_SET_PDEATHSIG), and
// stop() sends SIGTERM, then SIGKILL after a grace. Its log (stderr) goes straight to a file;
// its stdout is read for the "admin on" and "listening on" lines, and when it dies the reason
// says how, with the last line of its log (the daemon's one-line reason).
class NodeProcess : public QObject
{
    Q_OBJECT

public:
    struct Launch
    {
        QString program;
        QStringList arguments;
        QProcessEnvironment environment;
        QString logPath;
    };

    explicit NodeProcess(QObject *parent = nullptr);
    // Kills a child that still runs and waits (briefly) for it: never leaves an orphan.
    ~NodeProcess() override;

    void start(const Launch &launch);
    void stop(std::chrono::milliseconds grace);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    // Blocks until the child is gone or `timeout` passed; for shutdown only.
    bool waitForExit(std::chrono::milliseconds timeout);
    bool isStopping() const { return m_stopping; }
    qint64 pid() const { return m_process.processId(); }
    const QString &listenAddress() const { return m_listen; }
    const QString &adminAddress() const { return m_admin; }
    // "exit code 2: <last stderr line>" or "killed by signal …" for an exit now or earlier.
    QString exitReason() const { return m_reason; }

Q_SIGNALS:
    void listening(const QString &address);
    // `requested`: after stop(); `reason` says how it ended, with its last words.
    void exited(bool requested, const QString &reason);

private:
    void onStdout();
    QString lastLogLine() const;
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void line(const QString &text);

    QProcess m_process;
    QString m_logPath;
    QByteArray m_outPartial;
    QString m_listen;
    QString m_admin;
    QString m_reason;
    QTimer m_killTimer;
    bool m_stopping = false;
};

} // namespace streamsync::console
