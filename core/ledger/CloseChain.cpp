#include "ledger/CloseChain.h"

#include "ledger/BodyFields.h"
#include "ledger/CloserOrder.h"
#include "ledger/EpochSettlement.h"

#include <algorithm>

namespace streamsync {

namespace {

CloseVerdict verdict(CloseVerdict::Kind kind, int rank, const QString &reason = {})
{
    return CloseVerdict{kind, rank, reason};
}

Money sum(const QMap<QByteArray, Money> &amounts)
{
    qint64 total = 0;
    for (Money m : amounts)
        total += m.micro(); // bounded by the supply
    return Money::fromMicro(total);
}

} // namespace

CloseChain::CloseChain(const LedgerConfig &config, const HeldEvents &held,
                       const std::optional<ActiveGenesis> &genesis)
    : m_config(config), m_held(held), m_genesis(genesis)
{}

const LedgerState &CloseChain::stateBefore(qint64 epoch) const
{
    return epoch == 0 ? m_empty : m_checkpoints.at(epoch - 1);
}

Event::Deps CloseChain::frontierBefore(qint64 epoch) const
{
    return epoch == 0 ? Event::Deps() : m_checkpoints.at(epoch - 1).closes.last().frontier;
}

QList<QByteArray> CloseChain::closers(qint64 epoch)
{
    if (!m_genesis || epoch < 0 || epoch > count())
        return {};
    const auto cached = m_closers.constFind(epoch);
    if (cached != m_closers.constEnd())
        return *cached;
    const QByteArray seedHash =
        epoch == 0 ? m_genesis->hash : m_checkpoints.at(epoch - 1).closes.last().hash;
    const auto order =
        CloserOrder::order(stateBefore(epoch).bonded, seedHash, epoch, m_config.genesisAuthor);
    m_closers.insert(epoch, order);
    return order;
}

int CloseChain::rank(const QByteArray &node, qint64 epoch)
{
    return int(closers(epoch).indexOf(node));
}

CloseVerdict CloseChain::judge(const HeldEvent &close)
{
    const qint64 epoch = close.close->epoch;
    if (!m_genesis || epoch > count())
        return verdict(CloseVerdict::Kind::NotYet, -1);
    if (const auto known = cached(close))
        return *known;
    return evaluate(close, nullptr);
}

std::optional<CloseVerdict> CloseChain::cached(const HeldEvent &close) const
{
    const auto epoch = m_verdicts.constFind(close.close->epoch);
    if (epoch == m_verdicts.constEnd())
        return std::nullopt;
    const auto known = epoch->constFind(close.event.hash());
    if (known == epoch->constEnd())
        return std::nullopt;
    return *known;
}

CloseVerdict CloseChain::checkFrontier(const EpochCloseBody &body)
{
    const Event::Deps previous = frontierBefore(body.epoch);
    for (auto it = previous.begin(); it != previous.end(); ++it) {
        const auto head = body.frontier.constFind(it.key());
        if (head == body.frontier.constEnd() || head->seq < it->seq ||
            (head->seq == it->seq && head->hash != it->hash))
            return verdict(CloseVerdict::Kind::BadFrontier, -1,
                           QStringLiteral("epoch_close: the frontier does not cover the close of "
                                          "epoch %1 (feed %2)")
                               .arg(body.epoch - 1)
                               .arg(BodyFields::shortKey(it.key())));
    }
    switch (m_held.coverage(body.frontier)) {
    case HeldEvents::Coverage::Held:
        return verdict(CloseVerdict::Kind::Valid, -1);
    case HeldEvents::Coverage::Conflict:
        return verdict(CloseVerdict::Kind::BadFrontier, -1,
                       QStringLiteral("epoch_close: the frontier names an event this node holds "
                                      "with another hash"));
    case HeldEvents::Coverage::Missing:
        break;
    }
    for (auto it = body.frontier.begin(); it != body.frontier.end(); ++it) {
        if (m_held.count(it.key()) < qint64(it->seq))
            m_waitingOn.insert(it.key());
    }
    return verdict(CloseVerdict::Kind::Incomplete, -1);
}

CloseVerdict CloseChain::evaluate(const HeldEvent &close, std::optional<Settled> *keep)
{
    const EpochCloseBody &body = *close.close;
    const int r = rank(close.event.author(), body.epoch);
    CloseVerdict v = verdict(CloseVerdict::Kind::NotRanked, r,
                             QStringLiteral("epoch_close: %1 is not among the closers of epoch %2")
                                 .arg(BodyFields::shortKey(close.event.author()))
                                 .arg(body.epoch));
    if (r >= 0)
        v = checkFrontier(body);
    v.rank = r;
    if (v.kind == CloseVerdict::Kind::Valid) {
        auto settled = settle(body.epoch, body.frontier);
        const qint64 due =
            m_genesis->clock.endOf(body.epoch) + m_config.params.closerTimeoutMs * (r + 1);
        if (!settled)
            v = verdict(CloseVerdict::Kind::BadFrontier, r, settled.error());
        else if (settled->incompleteClose)
            v = verdict(CloseVerdict::Kind::Incomplete, r);
        else if (settled->payouts.canonical() != body.payouts.canonical())
            v = verdict(CloseVerdict::Kind::WrongPayouts, r,
                        QStringLiteral("signed payouts for epoch %1 that differ from the "
                                       "recomputation")
                            .arg(body.epoch));
        else if (qint64(close.event.timeMs()) < due)
            v = verdict(CloseVerdict::Kind::TooEarly, r,
                        QStringLiteral("epoch_close: signed at %1, before rank %2's turn at %3")
                            .arg(close.event.timeMs())
                            .arg(r)
                            .arg(due));
        else if (keep)
            *keep = std::move(settled).value();
    }
    if (v.isFinal())
        m_verdicts[body.epoch].insert(close.event.hash(), v);
    return v;
}

Result<CloseChain::Settled> CloseChain::settle(qint64 epoch, const Event::Deps &frontier)
{
    Settled s{stateBefore(epoch), {}, {}, nullptr};
    FoldRun run{epoch, nullptr};
    const EventFolder folder(m_config, m_genesis, *this);
    for (const HeldEvent *event : m_held.between(frontierBefore(epoch), frontier))
        folder.apply(*event, s.state, run);
    if ((s.incompleteClose = run.incompleteClose))
        return s;
    s.fees = sum(s.state.feesServed);
    auto payouts = EpochSettlement::settle(s.state, epoch, m_genesis->clock, m_config.params);
    if (!payouts)
        return Error{payouts.error()};
    s.payouts = std::move(payouts).value();
    return s;
}

void CloseChain::accept(const HeldEvent &close, int rank, Settled settled)
{
    const EpochCloseBody &body = *close.close;
    settled.state.closes.append(CloseRecord{body.epoch, close.event.hash(), close.event.author(),
                                            rank, qint64(close.event.timeMs()), body.frontier,
                                            settled.payouts, settled.fees});
    m_checkpoints.append(std::move(settled.state));
}

bool CloseChain::acceptNext()
{
    const qint64 epoch = count();
    if (!m_genesis)
        return false;
    QList<QPair<int, const HeldEvent *>> ranked;
    for (const HeldEvent *close : m_held.closesFor(epoch)) {
        const int r = rank(close->event.author(), epoch);
        if (r >= 0)
            ranked.append({r, close});
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first
                                  : a.second->event.hash() < b.second->event.hash();
    });
    QList<const HeldEvent *> incomplete;
    for (const auto &[r, close] : ranked) {
        const auto known = cached(*close);
        if (known && known->kind != CloseVerdict::Kind::Valid)
            continue;
        std::optional<Settled> settled;
        const CloseVerdict v = evaluate(*close, &settled);
        if (v.kind == CloseVerdict::Kind::Valid) {
            accept(*close, r, std::move(*settled));
            m_watch.insert(epoch, incomplete);
            return true;
        }
        if (v.kind == CloseVerdict::Kind::Incomplete)
            incomplete.append(close);
    }
    return false;
}

bool CloseChain::better(const HeldEvent &candidate, const CloseRecord &accepted)
{
    const int r = rank(candidate.event.author(), accepted.epoch);
    return r >= 0 &&
           (r < accepted.rank || (r == accepted.rank && candidate.event.hash() < accepted.hash));
}

std::optional<qint64> CloseChain::overturned(const HeldEvent &added)
{
    if (added.close && added.close->epoch < count() &&
        better(added, m_checkpoints.at(added.close->epoch).closes.last()))
        m_watch[added.close->epoch].append(&added);
    // In epoch order: the first better close that is now valid is where the chain must be cut.
    for (auto it = m_watch.begin(); it != m_watch.end(); ++it) {
        QList<const HeldEvent *> waiting;
        for (const HeldEvent *close : std::as_const(*it)) {
            const CloseVerdict v = judge(*close);
            if (v.kind == CloseVerdict::Kind::Valid)
                return it.key();
            if (v.kind == CloseVerdict::Kind::Incomplete)
                waiting.append(close);
        }
        *it = waiting;
    }
    return std::nullopt;
}

void CloseChain::truncate(qint64 epochs)
{
    m_checkpoints.resize(std::min(epochs, count()));
    // A verdict on a close of epoch n rests on checkpoint n−1: those of epochs > `epochs` go.
    m_verdicts.erase(m_verdicts.upperBound(epochs), m_verdicts.end());
    m_closers.erase(m_closers.upperBound(epochs), m_closers.end());
    m_watch.erase(m_watch.lowerBound(epochs), m_watch.end());
    if (epochs == 0) {
        m_verdicts.clear();
        m_closers.clear();
    }
}

Result<EpochCloseBody> CloseChain::prepare(qint64 epoch)
{
    Event::Deps frontier = m_held.prefixBefore(m_genesis->clock.endOf(epoch));
    const Event::Deps previous = frontierBefore(epoch);
    for (auto it = previous.begin(); it != previous.end(); ++it) {
        if (frontier.value(it.key()).seq < it->seq)
            frontier.insert(it.key(), *it);
    }
    for (;;) {
        auto settled = settle(epoch, frontier);
        if (!settled)
            return Error{settled.error()};
        if (!settled->incompleteClose)
            return EpochCloseBody{epoch, frontier, settled->payouts};
        // A covered close that cannot be judged yet would make the whole close wait: leave it
        // and the rest of its feed to the next epoch.
        const Event &cut = settled->incompleteClose->event;
        if (cut.seq() == 1)
            frontier.remove(cut.author());
        else
            frontier.insert(cut.author(), Event::DepHead{cut.seq() - 1, cut.prev()});
    }
}

} // namespace streamsync
