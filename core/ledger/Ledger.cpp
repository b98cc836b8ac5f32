#include "ledger/Ledger.h"

#include "crypto/NodeId.h"
#include "ledger/CloseChain.h"
#include "ledger/EventFolder.h"
#include "market/Reputation.h"

#include <QtConcurrent/QtConcurrentMap>

namespace streamsync {

Ledger::Ledger(LedgerConfig config)
    : m_config(std::move(config)),
      m_chain(std::make_unique<CloseChain>(m_config, m_held, m_genesis))
{}

Ledger::~Ledger() = default;

bool Ledger::add(const Event &event)
{
    if (!m_held.add(event))
        return false;
    if (activateGenesis(event)) {
        rebuildFrom(0);
        return true;
    }
    const HeldEvent &held = *m_held.at(event.author(), qint64(event.seq()));
    if (const auto epoch = m_chain->overturned(held)) {
        rebuildFrom(*epoch);
        return true;
    }
    applyOpen(held);
    advance();
    return true;
}

void Ledger::addAll(const QList<Event> &events)
{
    QList<const HeldEvent *> withProofs;
    for (const Event &event : events) {
        if (!m_held.add(event))
            continue;
        activateGenesis(event);
        if (event.kind() == EventKind::PaymentVoucher || event.kind() == EventKind::Slash)
            withProofs.append(m_held.at(event.author(), qint64(event.seq())));
    }
    // Checked on every core now rather than one by one in the fold, which keeps the answers.
    QtConcurrent::blockingMap(withProofs, [](const HeldEvent *const &held) {
        // The answer is kept in the event; the fold reports it.
        (void)EventFolder::proof(*held);
    });
    // Any earlier close may have lost to a better one among the new events: fold from the start.
    rebuildFrom(0);
}

bool Ledger::activateGenesis(const Event &event)
{
    if (m_genesis || event.author() != m_config.genesisAuthor || event.seq() != 1)
        return false;
    auto genesis = ActiveGenesis::from(event, m_config);
    if (!genesis)
        return false; // the fold records why it does not count
    m_genesis = std::move(genesis).value();
    m_chain->reset();
    return true;
}

void Ledger::rebuildFrom(qint64 epoch)
{
    m_chain->truncate(epoch);
    while (m_chain->acceptNext()) {
    }
    m_openStale = true;
}

void Ledger::advance()
{
    while (m_chain->acceptNext())
        m_openStale = true;
}

const LedgerState &Ledger::state() const
{
    if (m_openStale)
        foldOpen();
    return m_current;
}

void Ledger::foldOpen() const
{
    const qint64 epoch = m_chain->count();
    m_current = m_chain->stateBefore(epoch);
    m_chain->takeWaitingOn();
    FoldRun run{epoch, nullptr};
    const EventFolder folder(m_config, m_genesis, *m_chain);
    const QList<const HeldEvent *> events = m_held.after(m_chain->frontierBefore(epoch));
    for (const HeldEvent *held : events)
        folder.apply(*held, m_current, run);
    m_openLast = events.isEmpty() ? nullptr : events.last();
    m_openWaitingOn = m_chain->takeWaitingOn();
    m_openStale = false;
}

void Ledger::applyOpen(const HeldEvent &held)
{
    if (m_openStale)
        return;
    const bool inOrder = !m_openLast || foldsBefore(*m_openLast, held);
    if (!inOrder || m_openWaitingOn.contains(held.event.author())) {
        m_openStale = true;
        return;
    }
    m_chain->takeWaitingOn();
    FoldRun run{m_chain->count(), nullptr};
    const EventFolder folder(m_config, m_genesis, *m_chain);
    folder.apply(held, m_current, run);
    m_openLast = &held;
    m_openWaitingOn += m_chain->takeWaitingOn();
}

const LedgerState &Ledger::stateAfterClose(qint64 epoch) const
{
    if (epoch < -1 || epoch > lastClosedEpoch())
        return state();
    return m_chain->stateBefore(epoch + 1);
}

qint64 Ledger::epochOf(qint64 timeMs) const
{
    return m_genesis ? m_genesis->clock.epochOf(timeMs) : -1;
}

qint64 Ledger::genesisStartMs() const
{
    return m_genesis ? m_genesis->clock.startMs : -1;
}

qint64 Ledger::epochEndMs(qint64 epoch) const
{
    return m_genesis ? m_genesis->clock.endOf(epoch) : -1;
}

qint64 Ledger::lastClosedEpoch() const
{
    return m_chain->count() - 1;
}

int Ledger::closerRank(const QByteArray &node, qint64 epoch) const
{
    return m_chain->rank(node, epoch);
}

QList<QByteArray> Ledger::closerOrder(qint64 epoch) const
{
    return m_chain->closers(epoch);
}

qint64 Ledger::closeDueMs(qint64 epoch, int rank) const
{
    return epochEndMs(epoch) + m_config.params.closerTimeoutMs * (rank + 1);
}

Result<QCborMap> Ledger::prepareClose(qint64 epoch, const QByteArray &closer) const
{
    if (!m_genesis)
        return fail(QStringLiteral("no genesis held yet, so there are no epochs to close"));
    const qint64 next = m_chain->count();
    if (epoch < next)
        return fail(QStringLiteral("epoch %1 is already closed").arg(epoch));
    if (epoch > next)
        return fail(QStringLiteral("epoch %1 cannot close before epoch %2").arg(epoch).arg(next));
    if (m_chain->rank(closer, epoch) < 0)
        return fail(QStringLiteral("%1 is not among the closers of epoch %2")
                        .arg(Event::shortHex(closer))
                        .arg(epoch));
    const auto body = m_chain->prepare(epoch);
    if (!body)
        return Error{body.error()};
    return body->toCbor();
}

QList<Candidate> Ledger::candidates(qint64 nowMs) const
{
    QList<Candidate> out;
    const LedgerState &s = state();
    for (auto it = s.nodes.begin(); it != s.nodes.end(); ++it) {
        const auto offer = s.offers.constFind(it.key());
        if (!it->announced || offer == s.offers.constEnd())
            continue;
        const auto snapshot = reputation(it.key(), nowMs);
        if (!snapshot)
            continue; // cannot happen: observations and stake are never negative
        Candidate c;
        c.node = NodeId::fromPublicKey(it.key());
        c.pricePerQuery = offer->priceQuery;
        c.performance = snapshot->performance;
        c.accuracy = snapshot->accuracy;
        c.uptime = snapshot->uptime;
        c.bondedStake = s.bondedOf(it.key());
        c.online = it->state == LifecycleState::Online && !snapshot->suspended;
        out.append(c);
    }
    return out;
}

Result<ReputationSnapshot> Ledger::reputation(const QByteArray &node, qint64 nowMs) const
{
    return Reputation::compute(state().observations.value(node), state().bondedOf(node), nowMs,
                               m_config.params);
}

Money Ledger::supply() const
{
    return Money::fromMicro(state().grants.micro() + state().emissions.micro());
}

std::optional<OfferRecord> Ledger::currentOffer(const QByteArray &node) const
{
    const LedgerState &s = state();
    const auto it = s.offers.constFind(node);
    if (it == s.offers.constEnd())
        return std::nullopt;
    return *it;
}

QList<OfferRecord> Ledger::offerHistory(const QByteArray &node) const
{
    return state().offerHistory.value(node);
}

Money Ledger::earnings(const QByteArray &node, qint64 epoch, EarningSource source) const
{
    return state().earnings.value({node, epoch, source});
}

std::optional<LifecycleState> Ledger::lifecycleState(const QByteArray &node) const
{
    return state().nodes.value(node).state;
}

QString Ledger::refusal(const QByteArray &eventHash) const
{
    return state().refusals.value(eventHash).reason;
}

} // namespace streamsync
