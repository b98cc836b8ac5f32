#include "ledger/EventFolder.h"

#include "ledger/BodyFields.h"
#include "ledger/FraudCheck.h"
#include "ledger/Receipt.h"
#include "ledger/ReportObservations.h"
#include "market/Rewards.h"

#include <QtEndian>

namespace streamsync {

namespace {

QString key(const QByteArray &account)
{
    return BodyFields::shortKey(account);
}

// Holdings never exceed the supply, which the genesis and each emission keep below 2^63 µcr, so
// crediting one holding cannot overflow.
void credit(QMap<QByteArray, Money> &holdings, const QByteArray &account, Money amount)
{
    holdings[account] = Money::fromMicro(holdings.value(account).micro() + amount.micro());
}

Money plus(Money a, Money b)
{
    return Money::fromMicro(a.micro() + b.micro());
}

Money minus(Money a, Money b)
{
    return Money::fromMicro(a.micro() - b.micro());
}

Result<void> debit(LedgerState &s, const Event &event, const char *kind, Money amount)
{
    const Money have = s.balance(event.author());
    if (have < amount)
        return fail(
            QStringLiteral("%1 of %2 exceeds the balance %3 of %4")
                .arg(QLatin1String(kind), amount.toString(), have.toString(), key(event.author())));
    s.balances[event.author()] = minus(have, amount);
    return {};
}

} // namespace

Result<void> EventFolder::proof(const HeldEvent &held)
{
    if (!held.proofValid) {
        const Result<void> result = checkProof(held.event);
        held.proofValid = result.ok();
        held.proofError = result.ok() ? QString() : result.error();
    }
    if (!*held.proofValid)
        return fail(held.proofError);
    return {};
}

Result<void> EventFolder::checkProof(const Event &e)
{
    if (e.kind() == EventKind::Slash) {
        const auto body = SlashBody::fromCbor(e.body());
        return body ? FraudCheck::verify(*body) : Result<void>(Error{body.error()});
    }
    if (e.kind() != EventKind::PaymentVoucher)
        return {};
    const auto body = PaymentVoucherBody::fromCbor(e.body());
    if (!body)
        return Error{body.error()};
    const Receipt receipt{e.author(), body->customer, body->epoch, body->queries, body->amount};
    if (receipt.verify(body->customerSig))
        return {};
    return fail(QStringLiteral("payment_voucher: the receipt signature does not verify by "
                               "customer %1")
                    .arg(key(body->customer)));
}

EventFolder::EventFolder(const LedgerConfig &config, const std::optional<ActiveGenesis> &genesis,
                         CloseJudge &judge)
    : m_config(config), m_genesis(genesis), m_judge(judge)
{}

void EventFolder::apply(const HeldEvent &held, LedgerState &state, FoldRun &run) const
{
    const auto applied = dispatch(held, state, run);
    if (applied)
        return;
    const Event &e = held.event;
    state.refusals.insert(
        e.hash(), RefusalRecord{e.author(), qint64(e.seq()), e.kindName(), applied.error()});
}

Result<void> EventFolder::dispatch(const HeldEvent &held, LedgerState &state, FoldRun &run) const
{
    const Event &e = held.event;
    switch (e.kind()) {
    case EventKind::Genesis:
        return genesis(e, state);
    case EventKind::Mint:
        return fail(QStringLiteral("mint: emission is part of the epoch close, never an event"));
    case EventKind::Transfer:
        return transfer(e, state);
    case EventKind::NodeAnnounce:
        return announce(e, state);
    case EventKind::Offer:
        return offer(held, state);
    case EventKind::Bond:
        return bond(e, state);
    case EventKind::Unbond:
        return unbond(held, state);
    case EventKind::Escrow:
        return escrow(e, state);
    case EventKind::PaymentVoucher:
        return voucher(held, state, run);
    case EventKind::RaceReport:
        return raceReport(held, state);
    case EventKind::AuditReport:
        return auditReport(held, state);
    case EventKind::LifecycleChange:
        return lifecycle(held, state);
    case EventKind::Slash:
        return slash(held, state, run);
    case EventKind::EpochClose:
        return close(held, state, run);
    }
    return {};
}

Result<void> EventFolder::genesis(const Event &event, LedgerState &state) const
{
    const auto active = ActiveGenesis::from(event, m_config);
    if (!active)
        return Error{active.error()};
    for (auto it = active->body.grants.begin(); it != active->body.grants.end(); ++it)
        credit(state.balances, it.key(), it.value());
    state.grants = active->total;
    state.genesisApplied = true;
    return {};
}

Result<void> EventFolder::transfer(const Event &event, LedgerState &state) const
{
    const auto body = TransferBody::fromCbor(event.body());
    if (!body)
        return Error{body.error()};
    if (auto paid = debit(state, event, "transfer", body->amount); !paid)
        return paid;
    credit(state.balances, body->to, body->amount);
    return {};
}

Result<void> EventFolder::bond(const Event &event, LedgerState &state) const
{
    const auto body = StakeAmountBody::fromCbor(event.body(), QStringLiteral("bond"));
    if (!body)
        return Error{body.error()};
    if (auto paid = debit(state, event, "bond", body->amount); !paid)
        return paid;
    credit(state.bonded, event.author(), body->amount);
    return {};
}

Result<void> EventFolder::unbond(const HeldEvent &held, LedgerState &state) const
{
    const Event &e = held.event;
    const auto body = StakeAmountBody::fromCbor(e.body(), QStringLiteral("unbond"));
    if (!body)
        return Error{body.error()};
    const Money bonded = state.bondedOf(e.author());
    if (bonded < body->amount)
        return fail(QStringLiteral("unbond of %1 exceeds the %2 bonded by %3")
                        .arg(body->amount.toString(), bonded.toString(), key(e.author())));
    state.bonded[e.author()] = minus(bonded, body->amount);
    state.unbonding.append(UnbondingEntry{
        e.author(), body->amount, held.effectiveMs + m_config.params.unbondingPeriodMs, e.hash()});
    return {};
}

Result<void> EventFolder::escrow(const Event &event, LedgerState &state) const
{
    const auto body = EscrowBody::fromCbor(event.body());
    if (!body)
        return Error{body.error()};
    if (auto paid = debit(state, event, "escrow", body->amount); !paid)
        return paid;
    Money &escrowed = state.escrows[{event.author(), body->epoch}];
    escrowed = plus(escrowed, body->amount);
    return {};
}

Result<void> EventFolder::offer(const HeldEvent &held, LedgerState &state) const
{
    const Event &e = held.event;
    const auto body = OfferBody::fromCbor(e.body());
    if (!body)
        return Error{body.error()};
    if (auto caps = body->checkCaps(m_config.params); !caps)
        return caps;
    const auto current = state.offers.constFind(e.author());
    if (current != state.offers.constEnd() && body->offerSeq <= current->offerSeq)
        return fail(QStringLiteral("offer: offer_seq %1 is not above the current offer's %2")
                        .arg(body->offerSeq)
                        .arg(current->offerSeq));
    const OfferRecord record{body->offerSeq,     held.effectiveMs, body->priceQuery,
                             body->priceGbMonth, body->freeBytes,  e.hash()};
    state.offers.insert(e.author(), record);
    state.offerHistory[e.author()].append(record);
    return {};
}

Result<void> EventFolder::voucher(const HeldEvent &held, LedgerState &state,
                                  const FoldRun &run) const
{
    const Event &e = held.event;
    const auto body = PaymentVoucherBody::fromCbor(e.body());
    if (!body)
        return Error{body.error()};
    // Paying oneself would turn the pool's half into a way to farm the subsidy.
    if (body->customer == e.author())
        return fail(QStringLiteral("payment_voucher: a node cannot be its own customer"));
    if (auto signature = proof(held); !signature)
        return signature;
    const VoucherKey paidKey{body->customer, e.author(), body->epoch};
    const PaidVoucher before = state.paid.value(paidKey);
    if (body->amount <= before.amount || body->queries < before.queries)
        return fail(QStringLiteral("payment_voucher: %1 for %2 queries adds nothing to the %3 for "
                                   "%4 queries already paid for this customer and epoch")
                        .arg(body->amount.toString())
                        .arg(body->queries)
                        .arg(before.amount.toString())
                        .arg(before.queries));
    const Money fee = minus(body->amount, before.amount);
    const QPair<QByteArray, qint64> escrowKey{body->customer, body->epoch};
    const Money escrowed = state.escrows.value(escrowKey);
    if (escrowed < fee)
        return fail(QStringLiteral("payment_voucher: customer %1's escrow for epoch %2 holds %3, "
                                   "less than the %4 this voucher adds")
                        .arg(key(body->customer))
                        .arg(body->epoch)
                        .arg(escrowed.toString(), fee.toString()));
    const auto split = Rewards::splitFee(fee, m_config.params);
    if (!split)
        return Error{split.error()};
    if (escrowed == fee)
        state.escrows.remove(escrowKey);
    else
        state.escrows[escrowKey] = minus(escrowed, fee);
    credit(state.balances, e.author(), split->operatorShare);
    state.pool = plus(state.pool, split->poolShare);
    credit(state.feesServed, e.author(), fee);
    Money &earned = state.earnings[{e.author(), run.epoch, EarningSource::Fees}];
    earned = plus(earned, split->operatorShare);
    state.paid.insert(paidKey, PaidVoucher{body->queries, body->amount});
    return {};
}

Result<void> EventFolder::claimReport(LedgerState &state, const Event &event, char kind,
                                      qint64 epoch)
{
    QByteArray id = event.author() + kind;
    id.append(8, '\0');
    qToBigEndian(quint64(epoch), id.data() + id.size() - 8);
    if (state.reports.contains(id))
        return fail(QStringLiteral("%1: %2 already reported epoch %3")
                        .arg(event.kindName(), key(event.author()))
                        .arg(epoch));
    state.reports.insert(id);
    return {};
}

Result<void> EventFolder::raceReport(const HeldEvent &held, LedgerState &state) const
{
    const Event &e = held.event;
    const auto body = RaceReportBody::fromCbor(e.body());
    if (!body)
        return Error{body.error()};
    if (body->nodes.contains(e.author()))
        return fail(QStringLiteral("race_report: %1 reports on its own key").arg(key(e.author())));
    if (auto first = claimReport(state, e, 'r', body->epoch); !first)
        return first;
    for (auto it = body->nodes.begin(); it != body->nodes.end(); ++it)
        state.observations[it.key()] += ReportObservations::fromRace(*it, held.effectiveMs);
    return {};
}

Result<void> EventFolder::auditReport(const HeldEvent &held, LedgerState &state) const
{
    const Event &e = held.event;
    const auto body = AuditReportBody::fromCbor(e.body());
    if (!body)
        return Error{body.error()};
    if (body->nodes.contains(e.author()))
        return fail(QStringLiteral("audit_report: %1 reports on its own key").arg(key(e.author())));
    if (auto first = claimReport(state, e, 'a', body->epoch); !first)
        return first;
    for (auto it = body->nodes.begin(); it != body->nodes.end(); ++it)
        state.observations[it.key()] += ReportObservations::fromAudit(*it, held.effectiveMs);
    return {};
}

Result<void> EventFolder::announce(const Event &event, LedgerState &state) const
{
    const auto body = NodeAnnounceBody::fromCbor(event.body());
    if (!body)
        return Error{body.error()};
    NodeInfo &node = state.nodes[body->publicKey];
    if (node.announced && event.author() != node.announcer && event.author() != body->publicKey)
        return fail(QStringLiteral("node_announce: node %1 was announced by %2")
                        .arg(key(body->publicKey), key(node.announcer)));
    if (!node.announced)
        node.announcer = event.author();
    node.announced = true;
    node.name = body->name;
    node.quotaBytes = body->quotaBytes;
    return {};
}

Result<void> EventFolder::lifecycle(const HeldEvent &held, LedgerState &state) const
{
    const Event &e = held.event;
    const auto body = LifecycleChangeBody::fromCbor(e.body());
    if (!body)
        return Error{body.error()};
    const NodeInfo known = state.nodes.value(body->node);
    const bool byAnnouncer = known.announced && known.announcer == e.author();
    if (e.author() != body->node && !byAnnouncer)
        return fail(QStringLiteral("lifecycle_change: %1 may not change node %2's state (only the "
                                   "node or the operator who announced it may)")
                        .arg(key(e.author()), key(body->node)));
    NodeInfo &node = state.nodes[body->node];
    node.state = lifecycleStateFromString(body->to);
    node.stateSinceMs = held.effectiveMs;
    return {};
}

void EventFolder::slashStake(LedgerState &state, const QByteArray &node, const HeldEvent &proof,
                             const FoldRun &run, const QString &reason, const Parameters &params)
{
    // slashShareBps is range-checked by Parameters, so the split cannot fail.
    const Money slashed = Rewards::slash(state.bondedOf(node), params).value().slashed;
    if (state.bonded.contains(node))
        state.bonded[node] = minus(state.bondedOf(node), slashed);
    state.pool = plus(state.pool, slashed);
    state.slashes.insert(proof.event.hash(),
                         SlashRecord{node, slashed, proof.effectiveMs, run.epoch, reason});
}

Result<void> EventFolder::slash(const HeldEvent &held, LedgerState &state, const FoldRun &run) const
{
    const auto body = SlashBody::fromCbor(held.event.body());
    if (!body)
        return Error{body.error()};
    if (auto proven = proof(held); !proven)
        return proven;
    const QByteArray statement = body->node + body->statement.hash();
    if (state.slashedStatements.contains(statement))
        return fail(QStringLiteral("slash: node %1 was already slashed for this statement")
                        .arg(key(body->node)));
    state.slashedStatements.insert(statement);
    slashStake(state, body->node, held, run, QStringLiteral("signed a false answer"),
               m_config.params);
    return {};
}

Result<void> EventFolder::close(const HeldEvent &held, LedgerState &state, FoldRun &run) const
{
    if (!held.close)
        return Error{EpochCloseBody::fromCbor(held.event.body()).error()};
    // A close of a later epoch than this partition's is judged once that epoch is reached.
    if (held.close->epoch > run.epoch)
        return {};
    const CloseVerdict verdict = m_judge.judge(held);
    switch (verdict.kind) {
    case CloseVerdict::Kind::WrongPayouts:
        slashStake(state, held.event.author(), held, run, verdict.reason, m_config.params);
        return {};
    case CloseVerdict::Kind::Incomplete:
        if (!run.incompleteClose)
            run.incompleteClose = &held;
        return {};
    case CloseVerdict::Kind::NotRanked:
    case CloseVerdict::Kind::TooEarly:
    case CloseVerdict::Kind::BadFrontier:
        return fail(verdict.reason);
    case CloseVerdict::Kind::Valid:
    case CloseVerdict::Kind::NotYet:
        return {};
    }
    return {};
}

} // namespace streamsync
