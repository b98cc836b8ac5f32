#include "daemon/ShutdownSignals.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace streamsync {

namespace {

volatile sig_atomic_t g_writeFd = -1;

extern "C" void onShutdownSignal(int signalNumber)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    // Nothing to do when the pipe is full: a shutdown is already pending.
    [[maybe_unused]] const ssize_t written = ::write(g_writeFd, &byte, 1);
    errno = saved;
}

constexpr int kSignals[] = {SIGTERM, SIGINT};

} // namespace

ShutdownSignals::ShutdownSignals(QObject *parent) : QObject(parent) {}

ShutdownSignals::~ShutdownSignals()
{
    if (m_fds[0] < 0)
        return;
    for (int signalNumber : kSignals)
        std::signal(signalNumber, SIG_DFL);
    g_writeFd = -1;
    ::close(m_fds[0]);
    ::close(m_fds[1]);
}

Result<void> ShutdownSignals::install()
{
    if (g_writeFd >= 0)
        return fail(QStringLiteral("shutdown signals are already handled in this process"));
    if (::pipe2(m_fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return fail(QStringLiteral("cannot create the signal pipe: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno))));
    g_writeFd = m_fds[1];
    m_notifier = new QSocketNotifier(m_fds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ShutdownSignals::onReadable);
    struct sigaction action = {};
    action.sa_handler = onShutdownSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : kSignals) {
        if (::sigaction(signalNumber, &action, nullptr) != 0)
            return fail(QStringLiteral("cannot handle signal %1: %2")
                            .arg(signalNumber)
                            .arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    return {};
}

void ShutdownSignals::onReadable()
{
    unsigned char byte = 0;
    while (::read(m_fds[0], &byte, 1) == 1)
        Q_EMIT requested(int(byte));
}

} // namespace streamsync
