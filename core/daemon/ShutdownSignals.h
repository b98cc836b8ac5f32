#pragma once

#include "util/Result.h"

#include <QObject>

class QSocketNotifier;

namespace streamsync {

// Turns SIGTERM and SIGINT into a Qt signal on the event loop. A signal handler may only call
// async-signal-safe functions, so the handler writes the signal's number into a pipe and nothing
// else; a QSocketNotifier on the pipe's other end emits requested() from the event loop, where
// the daemon can shut down normally. One instance per process (the handler needs a global fd).
class ShutdownSignals : public QObject
{
    Q_OBJECT

public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

    Result<void> install();

Q_SIGNALS:
    void requested(int signalNumber);

private:
    void onReadable();

    int m_fds[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace streamsync
