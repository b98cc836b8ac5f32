#pragma once

#include <QtGlobal>

#include <atomic>

namespace streamsync {

// The process group the children of one local network share (all but the first join the first
// one's group), apart from the parent's own, so that a terminal's Ctrl-C reaches only the parent
// (which then stops them in order) and `kill -- -PGID` ends every child at once. Each child also
// asks the kernel for SIGTERM when the thread that started it dies (PR_SET_PDEATHSIG): a crashed
// or SIGKILLed parent leaves no orphaned node behind. Linux only; elsewhere both are skipped.
class ProcessGroup
{
public:
    // 0 until the first child has started.
    qint64 id() const { return m_id.load(); }
    // Called once a child has exec'd (its group is set by then): the first child's group, or a
    // new one when every earlier member is gone, becomes the group later children join.
    void noteStarted(qint64 pid);
    // Signals every process of the group; false when there is no group (yet) or it is gone.
    bool signalAll(int signalNumber) const;

    // What runs in the child between fork and exec: only async-signal-safe calls.
    static void prepareChild(qint64 groupId, qint64 parentPid);

private:
    std::atomic<qint64> m_id{0};
};

} // namespace streamsync
