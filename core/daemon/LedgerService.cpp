#include "daemon/LedgerService.h"

#include "crypto/Ed25519.h"
#include "daemon/DaemonLog.h"
#include "daemon/EpochCloser.h"
#include "daemon/LedgerSummary.h"
#include "daemon/MarketActions.h"
#include "daemon/NodeMetrics.h"
#include "daemon/PricingAgent.h"
#include "daemon/ReceiptBook.h"
#include "daemon/StorageService.h"
#include "db/Database.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerBodies.h"
#include "ledger/LedgerProjection.h"
#include "log/EventStore.h"
#include "node/Lifecycle.h"
#include "node/NodeHome.h"
#include "util/Clock.h"

#include <QDir>
#include <QtEndian>

#include <limits>

namespace streamsync {

namespace {

constexpr int kTickMs = 500;
// The projection is rewritten at most this often while events arrive.
constexpr qint64 kProjectionIntervalMs = 1000;
constexpr int kTailBatch = 1000;
// Events in the node's own database passed its checks when they were stored.
constexpr qsizetype kNoLimit = std::numeric_limits<qsizetype>::max();

// Per mille as a percentage with one decimal, for the operator ("58.3%").
QString percent(qint64 permille)
{
    return QStringLiteral("%1.%2%").arg(permille / 10).arg(permille % 10);
}

} // namespace

LedgerService::LedgerService(NodeHome &home, LedgerConfig config, const Clock &clock,
                             MarketSettings settings, StorageService &storage,
                             const Ed25519SigningKey *genesisKey, QObject *parent)
    : QObject(parent), m_home(home), m_config(std::move(config)), m_clock(clock),
      m_settings(std::move(settings)), m_storage(storage), m_genesisKey(genesisKey)
{
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &LedgerService::onTick);
}

LedgerService::~LedgerService()
{
    stop();
}

Result<void> LedgerService::start()
{
    m_ledger = std::make_unique<Ledger>(m_config);
    m_actions = std::make_unique<MarketActions>(m_home, m_config.params, m_clock);
    m_receipts = std::make_unique<ReceiptBook>(
        m_home.publicKey(), QDir(m_home.dir()).filePath(QStringLiteral("receipts.cbor")));
    if (auto loaded = m_receipts->load(); !loaded)
        return loaded;
    if (auto folded = tail(); !folded)
        return folded;
    startCloser();
    const quint64 seed = qFromBigEndian<quint64>(m_home.publicKey().constData());
    m_pricing =
        std::make_unique<PricingAgent>(*m_ledger, *m_actions, m_home.publicKey(), m_settings, seed,
                                       [this] { return m_storage.freeBytes(); });
    qCInfo(lcDaemon).noquote() << QStringLiteral("ledger: %1 events, %2, last closed epoch %3")
                                      .arg(m_ledger->eventCount())
                                      .arg(m_ledger->hasGenesis()
                                               ? QStringLiteral("genesis held")
                                               : QStringLiteral("no genesis yet"))
                                      .arg(m_ledger->lastClosedEpoch());
    flushProjection(true);
    m_closer->reschedule();
    m_tick.start();
    // The first offer and bond need not wait for the first tick.
    QTimer::singleShot(0, this, &LedgerService::onTick);
    return {};
}

void LedgerService::startCloser()
{
    QList<EpochCloser::Identity> identities{
        {m_home.publicKey(),
         [this](const QCborMap &body) { return m_actions->append(EventKind::EpochClose, body); }}};
    if (m_genesisKey)
        identities.append({m_genesisKey->publicKey(), [this](const QCborMap &body) {
                               return m_home.log().append(*m_genesisKey, EventKind::EpochClose,
                                                          body, quint64(m_clock.nowMs()));
                           }});
    m_closer = std::make_unique<EpochCloser>(*m_ledger, identities, m_clock);
    connect(m_closer.get(), &EpochCloser::appended, this, &LedgerService::refresh);
}

void LedgerService::stop()
{
    if (m_stopped || !m_ledger)
        return;
    m_stopped = true;
    m_tick.stop();
    if (m_closer)
        m_closer->stop();
    saveReceipts();
    flushProjection(true);
}

// Reads the events stored since the last call, in rowid (= storage) order, so each author's
// events come in seq order as the ledger needs them.
Result<void> LedgerService::tail()
{
    const qint64 closedBefore = m_ledger->lastClosedEpoch();
    QList<Event> events;
    for (;;) {
        auto rows = m_home.database().query(
            QStringLiteral(
                "SELECT rowid, bytes FROM events WHERE rowid > ? ORDER BY rowid LIMIT ?"),
            {m_lastRowId, kTailBatch});
        if (!rows)
            return Error{rows.error()};
        int read = 0;
        while (rows.value().next()) {
            ++read;
            m_lastRowId = rows->value(0).toLongLong();
            auto event = Event::decode(rows->value(1).toByteArray(), kNoLimit);
            if (!event)
                return fail(QStringLiteral("the log holds an unreadable event: ") + event.error());
            events.append(std::move(event).value());
        }
        if (read < kTailBatch)
            break;
    }
    if (events.isEmpty())
        return {};
    // One fold for a batch (the start, a long pull) instead of one per event.
    m_ledger->addAll(events);
    m_dirty = true;
    if (m_ledger->lastClosedEpoch() != closedBefore) {
        qCInfo(lcDaemon).noquote() << "epoch" << m_ledger->lastClosedEpoch() << "closed";
        flushProjection(true);
    }
    if (m_closer)
        m_closer->reschedule();
    return {};
}

void LedgerService::refresh()
{
    if (m_stopped)
        return;
    if (auto folded = tail(); !folded)
        qCWarning(lcDaemon).noquote() << "ledger:" << folded.error();
    checkSuspension();
}

void LedgerService::onTick()
{
    if (m_stopped)
        return;
    refresh();
    const qint64 now = m_clock.nowMs();
    if (!m_leaving && m_pricing->tick(now))
        refresh();
    postVouchers();
    if (m_ledger->hasGenesis() && m_ledger->epochOf(now) != m_projectedEpoch)
        m_dirty = true; // the open epoch's rows move on
    flushProjection(false);
    saveReceipts();
    updateMetrics();
}

// Earnings are Prometheus counters: only their growth is added (a re-fold that lowers a total,
// after a better close replaced an accepted one, is not taken back).
void LedgerService::updateMetrics()
{
    if (!m_metrics)
        return;
    const QByteArray &self = m_home.publicKey();
    const auto reputation = m_ledger->reputation(self, m_clock.nowMs());
    if (reputation) {
        const QList<std::pair<const char *, double>> terms{{"performance", reputation->performance},
                                                           {"accuracy", reputation->accuracy},
                                                           {"uptime", reputation->uptime},
                                                           {"stake", reputation->stakeTerm}};
        for (const auto &[name, value] : terms)
            m_metrics->setGauge(metric::kReputation, value,
                                {{metric::kComponent, QLatin1String(name)}});
    }
    m_metrics->setGauge(metric::kStake, double(m_ledger->bonded(self).micro()));
    QMap<int, qint64> totals;
    const auto &earnings = m_ledger->state().earnings;
    for (auto it = earnings.begin(); it != earnings.end(); ++it) {
        if (it.key().node == self)
            totals[int(it.key().source)] += it.value().micro();
    }
    for (auto it = totals.begin(); it != totals.end(); ++it) {
        const qint64 growth = it.value() - m_reportedEarnings.value(it.key());
        if (growth <= 0)
            continue;
        m_metrics->addCounter(metric::kEarnings, double(growth),
                              {{metric::kSource, earningSourceName(EarningSource(it.key()))}});
        m_reportedEarnings[it.key()] = it.value();
    }
}

void LedgerService::flushProjection(bool force)
{
    const qint64 now = m_clock.nowMs();
    if (!m_dirty && !force)
        return;
    if (!force && now - m_lastProjectionMs < kProjectionIntervalMs)
        return;
    if (auto written = LedgerProjection::write(m_home.database(), *m_ledger, now); !written) {
        qCWarning(lcDaemon).noquote() << "cannot write the ledger's projection:" << written.error();
        return;
    }
    m_dirty = false;
    m_lastProjectionMs = now;
    m_projectedEpoch = m_ledger->hasGenesis() ? m_ledger->epochOf(now) : -1;
}

void LedgerService::checkSuspension()
{
    if (!m_ledger->hasGenesis())
        return;
    const auto record = m_home.record();
    if (!record || !checkTransition(record->state, LifecycleState::Suspended, Actor::Protocol))
        return;
    const auto snapshot = m_ledger->reputation(m_home.publicKey(), m_clock.nowMs());
    if (!snapshot || !snapshot->suspended)
        return;
    const QString why = QStringLiteral("accuracy %1 under the suspension threshold %2")
                            .arg(percent(snapshot->accuracyPermille),
                                 percent(m_config.params.suspensionAccuracyPermille));
    if (const auto moved = m_home.transition(LifecycleState::Suspended, why, Actor::Protocol);
        !moved) {
        qCWarning(lcDaemon).noquote() << "cannot suspend the node:" << moved.error();
        return;
    }
    qCWarning(lcDaemon).noquote() << "suspended by the protocol:" << why;
    Q_EMIT lifecycleChanged();
}

// One voucher per (customer, epoch) once the epoch ended: the newest receipt's totals and
// signature (docs/market.md "Receipts").
void LedgerService::postVouchers()
{
    if (!m_ledger->hasGenesis())
        return;
    const qint64 current = m_ledger->epochOf(m_clock.nowMs());
    bool appended = false;
    for (const ReceiptBook::Entry &entry : m_receipts->due(current)) {
        const Receipt &r = entry.receipt;
        const PaymentVoucherBody body{r.customer, r.epoch, r.queries, r.amount, entry.sig};
        const auto posted = m_actions->append(EventKind::PaymentVoucher, body.toCbor());
        if (!posted) {
            qCWarning(lcDaemon).noquote() << "cannot post a voucher:" << posted.error();
            break;
        }
        m_receipts->markVouched(r);
        appended = true;
    }
    m_receipts->prune(m_ledger->lastClosedEpoch());
    if (appended)
        refresh();
}

void LedgerService::saveReceipts()
{
    if (!m_receipts || !m_receipts->isDirty())
        return;
    if (auto saved = m_receipts->save(); !saved)
        qCWarning(lcDaemon).noquote() << saved.error();
}

Result<wire::MarketReply> LedgerService::market()
{
    const qint64 now = m_clock.nowMs();
    return LedgerSummary::market(*m_ledger, now);
}

Result<wire::ReceiptAck> LedgerService::takeReceipt(const wire::ReceiptFields &fields)
{
    if (!m_ledger->hasGenesis())
        return fail(QStringLiteral("this node holds no genesis yet, so it knows no epochs"));
    const Receipt receipt{fields.node, fields.customer, fields.epoch, fields.queries,
                          Money::fromMicro(fields.amount)};
    const auto kept = m_receipts->keep(receipt, fields.sig, m_ledger->epochOf(m_clock.nowMs()));
    if (!kept)
        return Error{kept.error()};
    return wire::ReceiptAck{kept->epoch, kept->queries, kept->amount.micro()};
}

AdminMarket LedgerService::adminMarket()
{
    AdminMarket market;
    market.params = m_config.params;
    market.summary = [this] { return summary(); };
    market.offer = [this](const AdminMarket::OfferRequest &request) { return offer(request); };
    return market;
}

void LedgerService::leaveMarket()
{
    if (m_leaving || m_stopped)
        return;
    m_leaving = true;
    refresh();
    const Money bonded = m_ledger->bonded(m_home.publicKey());
    if (bonded <= Money())
        return;
    const auto unbonded = m_actions->unbond(bonded);
    if (!unbonded) {
        qCWarning(lcDaemon).noquote() << "draining: cannot unbond:" << unbonded.error();
        return;
    }
    qCInfo(lcDaemon).noquote() << "draining: unbonding" << bonded.micro() << "µcr";
    refresh();
}

Result<QJsonObject> LedgerService::summary()
{
    refresh();
    return LedgerSummary::node(*m_ledger, m_home.publicKey(), m_clock.nowMs(), m_receipts->size());
}

Result<QJsonObject> LedgerService::offer(const AdminMarket::OfferRequest &request)
{
    const auto current = m_ledger->currentOffer(m_home.publicKey());
    const PricePair prices{
        *request.priceQuery,
        request.priceGbMonth.value_or(current ? current->priceGbMonth
                                              : m_config.params.incumbentPricePerGbMonth)};
    const qint64 freeBytes = request.freeBytes.value_or(m_storage.freeBytes());
    const auto appended = m_actions->offer(prices, freeBytes);
    if (!appended)
        return Error{appended.error()};
    refresh();
    return QJsonObject{{QStringLiteral("hash"), QString::fromLatin1(appended->hash().toHex())},
                       {QStringLiteral("seq"), qint64(appended->seq())},
                       {QStringLiteral("offer_seq"), qint64(appended->seq())},
                       {QStringLiteral("price_query"), prices.query.micro()},
                       {QStringLiteral("price_gb_month"), prices.gbMonth.micro()},
                       {QStringLiteral("free_bytes"), freeBytes}};
}

} // namespace streamsync
