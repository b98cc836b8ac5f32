#pragma once

#include "daemon/AdminMarket.h"
#include "daemon/MarketDesk.h"
#include "daemon/MarketSettings.h"
#include "ledger/LedgerConfig.h"
#include "util/Result.h"

#include <QMap>
#include <QObject>
#include <QTimer>

#include <memory>

namespace streamsync {

class Clock;
class MetricsRegistry;
class Ed25519SigningKey;
class EpochCloser;
class Ledger;
class MarketActions;
class NodeHome;
class PricingAgent;
class ReceiptBook;
class StorageService;

// The node's view of the market (docs/market.md) while `run --network` runs: a Ledger folded
// from every event the node stores, its SQLite projection, and the node's own market duties.
//
// Events reach the ledger by tailing the `events` table by rowid: one path for the node's own
// appends, gossip, customers' published events and the `offer`/`bond` commands run by another
// process against the same database. The tail runs when gossip or a customer stored events,
// after every own append, and on a 500 ms tick for the other processes' appends.
//
// The projection is rewritten at most once a second while something changed, and at once after
// an epoch closes, on this (the daemon's) thread: one transaction of a few small tables.
//
// Duties: epoch closes (EpochCloser), vouchers for the receipts customers paid with
// (ReceiptBook: after each epoch ends, one payment_voucher per customer and epoch), the offer and
// the stake (PricingAgent), and suspension: when the ledger finds the node's accuracy under the
// network's threshold, the node moves to Suspended (as the protocol) and stops serving queries.
class LedgerService : public QObject, public MarketDesk
{
    Q_OBJECT

public:
    // `genesisKey` (may be null; must outlive this) closes epochs as the genesis key.
    LedgerService(NodeHome &home, LedgerConfig config, const Clock &clock, MarketSettings settings,
                  StorageService &storage, const Ed25519SigningKey *genesisKey,
                  QObject *parent = nullptr);
    ~LedgerService() override;

    // Folds the stored log, loads the kept receipts, writes the projection, then starts the
    // duties (a first offer and bond when asked for and due).
    Result<void> start();
    // Saves the kept receipts and the projection. Safe to call twice.
    void stop();

    Result<wire::MarketReply> market() override;
    Result<wire::ReceiptAck> takeReceipt(const wire::ReceiptFields &receipt) override;
    void refresh() override;

    // The node drains (DESIGN §5): its whole bond starts unbonding, and it bonds no more.
    void leaveMarket();

    // Keeps the economics metrics (earnings, reputation, stake) current from now on.
    void setMetrics(MetricsRegistry *registry) { m_metrics = registry; }
    // The admin API's market endpoints.
    AdminMarket adminMarket();
    const Ledger &ledger() const { return *m_ledger; }

Q_SIGNALS:
    // The protocol moved the node to Suspended: what it serves must follow.
    void lifecycleChanged();

private:
    Result<void> tail();
    void onTick();
    void flushProjection(bool force);
    void checkSuspension();
    void postVouchers();
    void saveReceipts();
    void updateMetrics();
    Result<QJsonObject> summary();
    Result<QJsonObject> offer(const AdminMarket::OfferRequest &request);
    void startCloser();

    NodeHome &m_home;
    LedgerConfig m_config;
    const Clock &m_clock;
    MarketSettings m_settings;
    StorageService &m_storage;
    const Ed25519SigningKey *m_genesisKey;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<MarketActions> m_actions;
    std::unique_ptr<ReceiptBook> m_receipts;
    std::unique_ptr<EpochCloser> m_closer;
    std::unique_ptr<PricingAgent> m_pricing;
    MetricsRegistry *m_metrics = nullptr;
    QMap<int, qint64> m_reportedEarnings; // EarningSource → µcr already added to the counter
    QTimer m_tick;
    qint64 m_lastRowId = 0;
    qint64 m_lastProjectionMs = 0;
    qint64 m_projectedEpoch = -1;
    bool m_dirty = true;
    bool m_stopped = false;
    bool m_leaving = false;
};

} // namespace streamsync
