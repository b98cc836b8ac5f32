#pragma once

#include "console/ViewContext.h"
#include "interfaces/MarketData.h"
#include "util/Result.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

namespace streamsync::console {

class NodeRunner;
class ProfileWorker;

// What the operator does in the market with one of its nodes (DESIGN §9): publish an offer, bond
// and unbond stake. A running node signs its offer itself (POST /v1/offer on its admin API, so
// it folds and gossips it at once); otherwise, and for stake, `streamsync-node offer|bond|unbond
// --data FOLDER` signs into the node's folder, as an asynchronous child process with the key's
// passphrase in its environment (the running daemon picks the event up from its database).
class OwnNodeMarket : public QObject
{
    Q_OBJECT

public:
    OwnNodeMarket(ProfileWorker &worker, NodeRunner &runner, QObject *parent = nullptr);

    // Refused before anything is signed outside the network's bounds (naming the bound, with
    // the parameters of `view`); resolves with the offer as the node's log then holds it.
    QFuture<Result<interfaces::OfferPoint>>
    publishOffer(const QString &nodeId, qint64 priceQueryMicro, const ViewContext &view);
    // `verb` is "bond" or "unbond"; resolves once the command signed it.
    QFuture<Result<QString>> stake(const QString &nodeId, const QString &verb, qint64 amountMicro);

private:
    QFuture<Result<QString>> signOffer(const QString &nodeId, qint64 priceQueryMicro);
    QFuture<Result<QString>> runCommand(const QString &nodeId, const QStringList &arguments);
    QFuture<Result<interfaces::OfferPoint>> offerInLog(const QString &nodeId,
                                                       const QByteArray &hash);

    ProfileWorker &m_worker;
    NodeRunner &m_runner;
};

} // namespace streamsync::console
