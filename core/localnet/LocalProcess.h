#pragma once

#include <QFile>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace streamsync {

class ProcessGroup;

// One child process of a local network (a `streamsync-node run` or `customer` command), started
// in the network's ProcessGroup so it dies with its parent. Its stderr is appended to `logPath`,
// and so is each line it prints on stdout, which is also emitted as line(); a node's "listening
// on HOST:PORT" line is remembered and announced with listening().
//
// stop() sends SIGTERM and, if the process is still there after the grace, SIGKILL: a node
// gets the chance to close its database cleanly, but a stop never hangs.
class LocalProcess : public QObject
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

    LocalProcess(QString name, ProcessGroup &group, QObject *parent = nullptr);
    ~LocalProcess() override;

    const QString &name() const { return m_name; }
    void start(const Launch &launch);
    void stop(std::chrono::milliseconds grace);
    bool isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }
    bool isStopping() const { return m_stopping; }
    qint64 pid() const;
    // "HOST:PORT" the node printed it listens on; empty before that.
    const QString &listenAddress() const { return m_listen; }
    // The last lines it printed (stdout), for an operator-readable failure.
    QString tail() const { return m_tail.join(QLatin1Char('\n')); }

Q_SIGNALS:
    void started();
    void listening(const QString &address);
    void line(const QString &text);
    // `requested`: after stop(); otherwise the process ended on its own (or crashed).
    void exited(int exitCode, bool crashed, bool requested);

private:
    void onReadyRead();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void keepLine(const QString &text);

    QString m_name;
    ProcessGroup &m_group;
    QProcess *m_process = nullptr;
    QFile m_log;
    QByteArray m_partial;
    QStringList m_tail;
    QString m_listen;
    QTimer m_killTimer;
    bool m_stopping = false;
};

} // namespace streamsync
