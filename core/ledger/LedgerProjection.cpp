#include "ledger/LedgerProjection.h"

#include "db/Database.h"
#include "ledger/Ledger.h"
#include "ledger/ProjectionRows.h"
#include "log/CanonicalCbor.h"
#include "market/Reputation.h"

#include <QCborArray>
#include <QMap>
#include <QSqlQuery>
#include <QSqlRecord>

#include <cmath>

namespace streamsync {

namespace {

struct Table
{
    const char *name;
    const char *key; // primary key columns: the dump's order
    int columns;
};

const Table kTables[] = {
    {"ledger_meta", "key", 2},
    {"ledger_accounts", "account", 5},
    {"ledger_unbonding", "node, event_hash", 4},
    {"ledger_earnings", "node, epoch, source", 4},
    {"ledger_epochs", "epoch", 14},
    {"ledger_offers", "node, offer_seq", 8},
    {"ledger_reputation", "node, epoch", 14},
    {"ledger_stake", "node, epoch", 5},
    {"ledger_slashes", "event_hash", 6},
    {"ledger_refusals", "event_hash", 5},
    {"ledger_nodes", "node", 6},
};

QString nameOf(const Table &t)
{
    return QString::fromLatin1(t.name);
}

qint64 ppm(double score)
{
    return qint64(std::llround(score * 1e6));
}

qint64 total(const QMap<QByteArray, Money> &amounts)
{
    qint64 sum = 0;
    for (Money m : amounts)
        sum += m.micro();
    return sum;
}

// Every key the market knows as a node in `state`, in key order.
QList<QByteArray> marketNodes(const LedgerState &state)
{
    QMap<QByteArray, bool> nodes;
    for (auto it = state.nodes.begin(); it != state.nodes.end(); ++it)
        nodes.insert(it.key(), true);
    for (auto it = state.bonded.begin(); it != state.bonded.end(); ++it)
        nodes.insert(it.key(), true);
    for (auto it = state.offers.begin(); it != state.offers.end(); ++it)
        nodes.insert(it.key(), true);
    for (auto it = state.observations.begin(); it != state.observations.end(); ++it)
        nodes.insert(it.key(), true);
    for (const UnbondingEntry &e : state.unbonding)
        nodes.insert(e.node, true);
    return nodes.keys();
}

// The writer of one projection: each table from the ledger, through one prepared statement.
class Writer
{
public:
    Writer(Database &db, const Ledger &ledger, qint64 nowMs)
        : m_db(db), m_ledger(ledger), m_state(ledger.state()), m_now(nowMs)
    {}

    Result<void> all()
    {
        for (const Table &t : kTables) {
            if (auto cleared = m_db.query(QStringLiteral("DELETE FROM %1").arg(nameOf(t)));
                !cleared)
                return Error{cleared.error()};
        }
        for (auto step : {&Writer::meta, &Writer::accounts, &Writer::unbonding, &Writer::earnings,
                          &Writer::epochs, &Writer::offers, &Writer::reputation, &Writer::stake,
                          &Writer::slashes, &Writer::refusals, &Writer::nodes}) {
            if (auto written = (this->*step)(); !written)
                return written;
        }
        return {};
    }

private:
    Result<void> meta()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_meta"), 2);
        const QList<QPair<QString, qint64>> values{
            {QStringLiteral("events"), m_ledger.eventCount()},
            {QStringLiteral("genesis_start_ms"), m_ledger.genesisStartMs()},
            {QStringLiteral("epoch_length_ms"), m_ledger.params().epochLengthMs},
            {QStringLiteral("last_closed_epoch"), m_ledger.lastClosedEpoch()},
            {QStringLiteral("now_ms"), m_now},
            {QStringLiteral("pool"), m_state.pool.micro()},
            {QStringLiteral("grants"), m_state.grants.micro()},
            {QStringLiteral("emissions"), m_state.emissions.micro()},
        };
        for (const auto &[key, value] : values) {
            if (auto r = rows.insert({key, value}); !r)
                return r;
        }
        return {};
    }

    Result<void> accounts()
    {
        struct Holdings
        {
            qint64 balance = 0, escrowed = 0, bonded = 0, unbonding = 0;
        };
        QMap<QByteArray, Holdings> accounts;
        for (auto it = m_state.balances.begin(); it != m_state.balances.end(); ++it)
            accounts[it.key()].balance = it->micro();
        for (auto it = m_state.escrows.begin(); it != m_state.escrows.end(); ++it)
            accounts[it.key().first].escrowed += it->micro();
        for (auto it = m_state.bonded.begin(); it != m_state.bonded.end(); ++it)
            accounts[it.key()].bonded = it->micro();
        for (const UnbondingEntry &e : m_state.unbonding)
            accounts[e.node].unbonding += e.amount.micro();
        ProjectionRows rows(m_db, QStringLiteral("ledger_accounts"), 5);
        for (auto it = accounts.begin(); it != accounts.end(); ++it) {
            if (auto r =
                    rows.insert({it.key(), it->balance, it->escrowed, it->bonded, it->unbonding});
                !r)
                return r;
        }
        return {};
    }

    Result<void> unbonding()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_unbonding"), 4);
        for (const UnbondingEntry &e : m_state.unbonding) {
            if (auto r = rows.insert({e.node, e.eventHash, e.amount.micro(), e.releaseMs}); !r)
                return r;
        }
        return {};
    }

    Result<void> earnings()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_earnings"), 4);
        for (auto it = m_state.earnings.begin(); it != m_state.earnings.end(); ++it) {
            if (auto r = rows.insert({it.key().node, it.key().epoch,
                                      earningSourceName(it.key().source), it->micro()});
                !r)
                return r;
        }
        return {};
    }

    Result<void> epochs()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_epochs"), 14);
        for (const CloseRecord &c : m_state.closes) {
            const Payouts &p = c.payouts;
            if (auto r = rows.insert({c.epoch, c.hash, c.closer, c.rank, c.timeMs,
                                      m_ledger.epochEndMs(c.epoch), c.feesServed.micro(),
                                      p.emission.micro(), total(p.subsidy), total(p.dividend),
                                      total(p.refunds), total(p.releases), p.poolBefore.micro(),
                                      p.poolAfter.micro()});
                !r)
                return r;
        }
        return {};
    }

    Result<void> offers()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_offers"), 8);
        for (auto it = m_state.offerHistory.begin(); it != m_state.offerHistory.end(); ++it) {
            const qint64 current = m_state.offers.value(it.key()).offerSeq;
            for (const OfferRecord &o : *it) {
                if (auto r = rows.insert({it.key(), o.offerSeq, o.timeMs, o.priceQuery.micro(),
                                          o.priceGbMonth.micro(), o.freeBytes, o.eventHash,
                                          o.offerSeq == current ? 1 : 0});
                    !r)
                    return r;
            }
        }
        return {};
    }

    Result<void> reputationRows(ProjectionRows &rows, const LedgerState &state, qint64 epoch,
                                qint64 atMs)
    {
        for (const QByteArray &node : marketNodes(state)) {
            const auto s = Reputation::compute(state.observations.value(node), state.bondedOf(node),
                                               atMs, m_ledger.params());
            if (!s)
                return Error{s.error()};
            if (auto r = rows.insert({node, epoch, atMs, ppm(s->performance), ppm(s->accuracy),
                                      ppm(s->uptime), ppm(s->stakeTerm), s->p90LatencyMs,
                                      s->accuracyPermille, s->raceSamples, s->accuracySamples,
                                      s->probes, s->probesAnswered, s->suspended ? 1 : 0});
                !r)
                return r;
        }
        return {};
    }

    Result<void> reputation()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_reputation"), 14);
        for (qint64 epoch = 0; epoch <= m_ledger.lastClosedEpoch(); ++epoch) {
            if (auto r = reputationRows(rows, m_ledger.stateAfterClose(epoch), epoch,
                                        m_ledger.epochEndMs(epoch));
                !r)
                return r;
        }
        return reputationRows(rows, m_state, m_ledger.lastClosedEpoch() + 1, m_now);
    }

    Result<void> stakeRows(ProjectionRows &rows, const LedgerState &state, qint64 epoch)
    {
        for (const QByteArray &node : marketNodes(state)) {
            if (auto r =
                    rows.insert({node, epoch, state.bondedOf(node).micro(),
                                 state.unbondingOf(node).micro(), state.slashedOf(node).micro()});
                !r)
                return r;
        }
        return {};
    }

    Result<void> stake()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_stake"), 5);
        for (qint64 epoch = 0; epoch <= m_ledger.lastClosedEpoch(); ++epoch) {
            if (auto r = stakeRows(rows, m_ledger.stateAfterClose(epoch), epoch); !r)
                return r;
        }
        return stakeRows(rows, m_state, m_ledger.lastClosedEpoch() + 1);
    }

    Result<void> slashes()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_slashes"), 6);
        for (auto it = m_state.slashes.begin(); it != m_state.slashes.end(); ++it) {
            if (auto r = rows.insert(
                    {it.key(), it->node, it->amount.micro(), it->timeMs, it->epoch, it->reason});
                !r)
                return r;
        }
        return {};
    }

    Result<void> refusals()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_refusals"), 5);
        for (auto it = m_state.refusals.begin(); it != m_state.refusals.end(); ++it) {
            if (auto r = rows.insert({it.key(), it->author, it->seq, it->kind, it->reason}); !r)
                return r;
        }
        return {};
    }

    Result<void> nodes()
    {
        ProjectionRows rows(m_db, QStringLiteral("ledger_nodes"), 6);
        for (auto it = m_state.nodes.begin(); it != m_state.nodes.end(); ++it) {
            const QString state = it->state ? toString(*it->state) : QStringLiteral("unknown");
            if (auto r = rows.insert(
                    {it.key(), it->name, it->announcer, it->quotaBytes, state, it->stateSinceMs});
                !r)
                return r;
        }
        return {};
    }

    Database &m_db;
    const Ledger &m_ledger;
    const LedgerState &m_state;
    qint64 m_now;
};

QCborValue cborOf(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        return value.toByteArray();
    case QMetaType::QString:
        return value.toString();
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
    case QMetaType::UInt:
        return value.toLongLong();
    default:
        // Projection columns are never NULL or real; show anything else as null, visibly.
        return QCborValue(QCborValue::Null);
    }
}

} // namespace

Result<void> LedgerProjection::write(Database &db, const Ledger &ledger, qint64 nowMs)
{
    return db.transaction([&] { return Writer(db, ledger, nowMs).all(); });
}

Result<QByteArray> LedgerProjection::dump(Database &db)
{
    QByteArray out;
    for (const Table &t : kTables) {
        auto rows = db.query(QStringLiteral("SELECT * FROM %1 ORDER BY %2")
                                 .arg(nameOf(t), QString::fromLatin1(t.key)));
        if (!rows)
            return Error{rows.error()};
        while (rows.value().next()) {
            QCborArray row;
            for (int c = 0; c < rows->record().count(); ++c)
                row.append(cborOf(rows->value(c)));
            const auto encoded = cbor::encode(QCborArray{nameOf(t), row});
            if (!encoded)
                return Error{encoded.error()};
            out += *encoded;
        }
    }
    return out;
}

} // namespace streamsync
