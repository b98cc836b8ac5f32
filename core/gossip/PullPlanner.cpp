#include "gossip/PullPlanner.h"

namespace streamsync {

PullPlanner::PullPlanner(int batchEvents, qint64 pullTimeoutMs)
    : m_batchEvents(qMax(1, batchEvents)), m_pullTimeoutMs(pullTimeoutMs)
{}

void PullPlanner::setLocalHeads(Event::Deps heads)
{
    m_local = std::move(heads);
}

void PullPlanner::noteStored(const QByteArray &author, quint64 seq, const QByteArray &hash)
{
    Event::DepHead &head = m_local[author];
    if (seq > head.seq)
        head = Event::DepHead{seq, hash};
}

quint64 PullPlanner::localSeq(const QByteArray &author) const
{
    const auto it = m_local.constFind(author);
    return it == m_local.constEnd() ? 0 : it->seq;
}

quint64 PullPlanner::nextSeqFor(quint64 peer, const QByteArray &author, qint64 nowMs) const
{
    const quint64 have = localSeq(author);
    const auto it = m_inFlight.constFind(author);
    if (it == m_inFlight.constEnd() || it->deadlineMs < nowMs)
        return have + 1;
    if (it->peer != peer)
        return 0;
    return qMax(have, it->requestedTo) + 1;
}

QList<gossip::RangePull> PullPlanner::plan(quint64 peer, const Event::Deps &advertised,
                                           QSet<QByteArray> &ignored, int slots, qint64 nowMs)
{
    QList<gossip::RangePull> pulls;
    for (auto it = advertised.begin(); it != advertised.end() && pulls.size() < slots; ++it) {
        const QByteArray &author = it.key();
        if (ignored.contains(author))
            continue;
        const auto mine = m_local.constFind(author);
        if (mine != m_local.constEnd() && mine->seq == it->seq && mine->hash != it->hash) {
            ignored.insert(author);
            pulls.append({author, mine->seq, mine->seq, true});
            continue;
        }
        const quint64 from = nextSeqFor(peer, author, nowMs);
        if (from == 0 || from > it->seq)
            continue;
        const quint64 to = qMin(it->seq, from + quint64(m_batchEvents) - 1);
        m_inFlight.insert(author, InFlight{peer, to, nowMs + m_pullTimeoutMs});
        pulls.append({author, from, to, false});
    }
    return pulls;
}

void PullPlanner::answered(quint64 peer, const gossip::RangePull &pull, qint64 nowMs)
{
    const auto it = m_inFlight.find(pull.author);
    if (it == m_inFlight.end() || it->peer != peer)
        return;
    if (pull.toSeq >= it->requestedTo)
        m_inFlight.erase(it);
    else
        it->deadlineMs = nowMs + m_pullTimeoutMs;
}

void PullPlanner::release(const QByteArray &author)
{
    m_inFlight.remove(author);
}

void PullPlanner::forgetPeer(quint64 peer)
{
    m_inFlight.removeIf([peer](const auto &entry) { return entry.value().peer == peer; });
}

bool PullPlanner::hasNewsFor(const Event::Deps &advertised) const
{
    for (auto it = m_local.begin(); it != m_local.end(); ++it) {
        const auto theirs = advertised.constFind(it.key());
        if (theirs == advertised.constEnd() || theirs->seq < it->seq)
            return true;
    }
    return false;
}

quint64 PullPlanner::leadOf(const Event::Deps &advertised) const
{
    quint64 lead = 0;
    for (auto it = advertised.begin(); it != advertised.end(); ++it)
        lead = qMax(lead, it->seq - qMin(it->seq, localSeq(it.key())));
    return lead;
}

} // namespace streamsync
