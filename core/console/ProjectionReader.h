#pragma once

#include "console/ReadOnlyDb.h"
#include "console/ViewContext.h"
#include "interfaces/MarketData.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QHash>
#include <QList>

namespace streamsync::console {

// The console's read side of the market (DESIGN §9): the view node's ledger projections
// (docs/market.md "Projection tables") and its events, read with a read-only connection on the
// service's worker thread while the node's own process keeps them up to date. The queries of
// each view (EarningsQuery, MarketQuery, …) run through it; it keeps what they share: the
// network's parameters, the genesis time, and which keys are the operator's.
class ProjectionReader
{
public:
    // One closed epoch (ledger_epochs).
    struct Epoch
    {
        qint64 epoch = 0;
        qint64 startMs = 0;
        qint64 endMs = 0;
        QByteArray closeHash;
    };

    // Opens (or keeps) the view node's database and reads the network's parameters. Refuses a
    // node that keeps no ledger (a database without the projection tables).
    Result<void> use(const ViewContext &context);
    void close();

    ReadOnlyDb &db() { return m_db; }
    const ViewContext &context() const { return m_context; }
    const Parameters &params() const { return m_params; }
    qint64 nowMs() const { return m_context.nowMs; }
    qint64 epochLengthMs() const { return qMax<qint64>(1, m_params.epochLengthMs); }
    // The genesis' start_ms; 0 while the node holds no genesis.
    qint64 genesisStartMs() const { return m_genesisStartMs; }
    // When the node last wrote its projection (its open-epoch rows are as of then).
    qint64 projectedMs() const { return m_projectedMs; }
    qint64 lastClosedEpoch() const { return m_lastClosedEpoch; }
    // The epoch `timeMs` falls in; -1 before the genesis or without one.
    qint64 epochOf(qint64 timeMs) const;

    // The raw key of the node with this id (hex), among the operator's nodes and every node the
    // ledger knows; an error naming the id otherwise.
    Result<QByteArray> keyOf(const QString &idHex);
    // The operator's nodes' keys; with a non-empty id, only that node's.
    Result<QList<QByteArray>> keysFor(const QString &idHex);
    bool isOwn(const QByteArray &key) const;
    // The operator's name for its own nodes, else the announced name, else the short id.
    QString labelOf(const QByteArray &key);

    // Closed epochs whose end lies in `range`, oldest first.
    Result<QList<Epoch>> closedEpochs(interfaces::TimeRange range);
    // Changes whenever the view node's log or projections move (polled about once a second).
    Result<QString> fingerprint();

    static bool inRange(qint64 timeMs, interfaces::TimeRange range);
    // The network's rules for a view: the folder's network.json (which `run --network` keeps),
    // else the one the console joined with, else the defaults.
    static Result<Parameters> networkParameters(const ViewContext &context);

private:
    Result<void> readMeta();
    void loadNames();

    ReadOnlyDb m_db;
    ViewContext m_context;
    Parameters m_params;
    qint64 m_genesisStartMs = 0;
    qint64 m_projectedMs = 0;
    qint64 m_lastClosedEpoch = -1;
    QHash<QByteArray, QString> m_names;    // key → announced name
    QHash<QString, QByteArray> m_keysById; // id hex → key
};

} // namespace streamsync::console
