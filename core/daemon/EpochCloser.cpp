#include "daemon/EpochCloser.h"

#include "daemon/DaemonLog.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

namespace streamsync {

namespace {

// After a failed attempt (a database error), try again this much later.
constexpr int kRetryMs = 1000;
constexpr qint64 kMaxWaitMs = 24 * 3'600'000LL;

} // namespace

EpochCloser::EpochCloser(const Ledger &ledger, QList<Identity> identities, const Clock &clock,
                         QObject *parent)
    : QObject(parent), m_ledger(ledger), m_identities(std::move(identities)), m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EpochCloser::onDue);
}

void EpochCloser::stop()
{
    m_stopped = true;
    m_timer.stop();
}

const EpochCloser::Identity *EpochCloser::bestFor(qint64 epoch, int &rank) const
{
    const Identity *best = nullptr;
    rank = -1;
    for (const Identity &identity : m_identities) {
        const int r = m_ledger.closerRank(identity.key, epoch);
        if (r >= 0 && (rank < 0 || r < rank)) {
            rank = r;
            best = &identity;
        }
    }
    return best;
}

void EpochCloser::reschedule()
{
    if (m_stopped || !m_ledger.hasGenesis())
        return;
    const qint64 next = m_ledger.lastClosedEpoch() + 1;
    int rank = -1;
    if (!bestFor(next, rank) || next <= m_signed) {
        m_timer.stop();
        return;
    }
    const qint64 wait = m_ledger.closeDueMs(next, rank) - m_clock.nowMs();
    m_timer.start(int(qBound<qint64>(0, wait, kMaxWaitMs)));
}

void EpochCloser::onDue()
{
    const qint64 next = m_ledger.lastClosedEpoch() + 1;
    int rank = -1;
    const Identity *closer = bestFor(next, rank);
    if (!closer || next <= m_signed || m_stopped)
        return;
    // A timer may fire a little early, and the close must not be signed before its turn.
    if (m_clock.nowMs() < m_ledger.closeDueMs(next, rank))
        return reschedule();
    const auto body = m_ledger.prepareClose(next, closer->key);
    const auto signedClose = body ? closer->sign(body.value()) : Result<Event>(Error{body.error()});
    if (!signedClose) {
        qCWarning(lcDaemon).noquote()
            << QStringLiteral("cannot close epoch %1: %2").arg(next).arg(signedClose.error());
        m_timer.start(kRetryMs);
        return;
    }
    m_signed = next;
    qCInfo(lcDaemon).noquote() << QStringLiteral("closed epoch %1 as closer rank %2 (%3)")
                                      .arg(next)
                                      .arg(rank)
                                      .arg(Event::shortHex(closer->key));
    Q_EMIT appended(next);
}

} // namespace streamsync
