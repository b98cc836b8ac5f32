#include "localnet/ProcessGroup.h"

#include <csignal>
#include <unistd.h>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace streamsync {

void ProcessGroup::noteStarted(qint64 pid)
{
    const qint64 current = id();
    if (current > 0 && ::kill(-pid_t(current), 0) == 0)
        return;
    const pid_t group = ::getpgid(pid_t(pid));
    if (group > 0 && group != ::getpgrp())
        m_id = group;
}

bool ProcessGroup::signalAll(int signalNumber) const
{
    const qint64 group = id();
    return group > 0 && ::kill(-pid_t(group), signalNumber) == 0;
}

void ProcessGroup::prepareChild(qint64 groupId, qint64 parentPid)
{
#ifdef Q_OS_LINUX
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    // The parent may have died between fork and prctl: then no signal would ever come.
    if (::getppid() != pid_t(parentPid))
        ::_exit(127);
#else
    Q_UNUSED(parentPid);
#endif
    // Joining fails when the group's last member is gone: then this child starts a new one.
    if (groupId <= 0 || ::setpgid(0, pid_t(groupId)) != 0)
        ::setpgid(0, 0);
}

} // namespace streamsync
