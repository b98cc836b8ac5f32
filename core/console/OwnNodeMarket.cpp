#include "console/OwnNodeMarket.h"

#include "console/NodeCommand.h"
#include "console/NodeLauncher.h"
#include "console/NodeRunner.h"
#include "console/ProfileWorker.h"
#include "console/ProjectedPriceCurve.h"
#include "console/ReadOnlyDb.h"
#include "console/ReadyFuture.h"
#include "ledger/LedgerBodies.h"
#include "log/Event.h"
#include "node/NodeHome.h"
#include "node/OperatorProfile.h"

#include <QJsonDocument>
#include <QProcessEnvironment>

namespace streamsync::console {

using interfaces::OfferPoint;

OwnNodeMarket::OwnNodeMarket(ProfileWorker &worker, NodeRunner &runner, QObject *parent)
    : QObject(parent), m_worker(worker), m_runner(runner)
{}

QFuture<Result<OfferPoint>>
OwnNodeMarket::publishOffer(const QString &nodeId, qint64 priceQueryMicro, const ViewContext &view)
{
    auto rules = QtConcurrent::run([view] { return ProjectionReader::networkParameters(view); });
    auto signedOffer = rules.then(
        this,
        [this, nodeId, priceQueryMicro](Result<Parameters> params) -> QFuture<Result<QString>> {
            if (!params)
                return refusedFuture<QString>(params.error());
            const QString problem =
                ProjectedPriceCurve::outOfBounds(priceQueryMicro, params.value());
            if (!problem.isEmpty())
                return refusedFuture<QString>(problem);
            return signOffer(nodeId, priceQueryMicro);
        });
    return signedOffer.unwrap()
        .then(this,
              [this, nodeId](Result<QString> hash) -> QFuture<Result<OfferPoint>> {
                  if (!hash)
                      return refusedFuture<OfferPoint>(hash.error());
                  return offerInLog(nodeId, QByteArray::fromHex(hash->toLatin1()));
              })
        .unwrap();
}

// The new offer's event hash (hex).
QFuture<Result<QString>> OwnNodeMarket::signOffer(const QString &nodeId, qint64 priceQueryMicro)
{
    if (m_runner.isRunning(nodeId)) {
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("price_query"), priceQueryMicro}})
                .toJson(QJsonDocument::Compact);
        return m_runner.call(nodeId, "POST", "/v1/offer", body)
            .then([](const Result<QJsonObject> &reply) -> Result<QString> {
                if (!reply)
                    return Error{reply.error()};
                return reply->value(QStringLiteral("hash")).toString();
            });
    }
    return runCommand(nodeId, {QStringLiteral("offer"), QStringLiteral("--price-query"),
                               QString::number(priceQueryMicro)})
        .then([](const Result<QString> &out) -> Result<QString> {
            if (!out)
                return out;
            return out->section(QLatin1Char(' '), 1, 1); // "offer HASH at seq N"
        });
}

QFuture<Result<QString>> OwnNodeMarket::stake(const QString &nodeId, const QString &verb,
                                              qint64 amountMicro)
{
    if (amountMicro <= 0)
        return refusedFuture<QString>(
            QStringLiteral("the amount to %1 must be more than 0 µcr").arg(verb));
    return runCommand(nodeId, {verb, QStringLiteral("--amount"), QString::number(amountMicro)});
}

QFuture<Result<QString>> OwnNodeMarket::runCommand(const QString &nodeId,
                                                   const QStringList &arguments)
{
    auto prepared =
        m_worker.run<PreparedNode>([nodeId](OperatorProfile &p) { return prepareNode(p, nodeId); });
    return prepared
        .then(this,
              [this, nodeId, arguments](Result<PreparedNode> node) -> QFuture<Result<QString>> {
                  if (!node)
                      return refusedFuture<QString>(node.error());
                  const auto program = m_runner.program();
                  if (!program)
                      return refusedFuture<QString>(program.error());
                  QStringList args = arguments;
                  args << QStringLiteral("--data") << node->folder;
                  const QString network = m_runner.joinFor(nodeId).networkFile;
                  if (!network.isEmpty())
                      args << QStringLiteral("--network") << network;
                  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                  environment.insert(QStringLiteral("STREAMSYNC_PASSPHRASE"), node->passphrase);
                  return runNodeCommand(this, program.value(), args, environment);
              })
        .unwrap();
}

// The offer event `hash` as the node's own log holds it, as the Market view shows offers.
QFuture<Result<OfferPoint>> OwnNodeMarket::offerInLog(const QString &nodeId, const QByteArray &hash)
{
    return m_worker.run<OfferPoint>([nodeId, hash](OperatorProfile &p) -> Result<OfferPoint> {
        const auto node = p.node(nodeId);
        if (!node)
            return Error{node.error()};
        ReadOnlyDb db;
        if (auto opened = db.use(NodeHome::databasePath(node->folder)); !opened)
            return Error{opened.error()};
        const auto bytes =
            db.scalar(QStringLiteral("SELECT bytes FROM events WHERE hash = ?"), {hash});
        if (!bytes || bytes->isNull())
            return fail(QStringLiteral("the node's log does not hold the new offer"));
        const auto event = Event::decode(bytes->toByteArray(), 1 << 20);
        if (!event)
            return Error{event.error()};
        const auto body = OfferBody::fromCbor(event->body());
        if (!body)
            return Error{body.error()};
        OfferPoint offer;
        offer.nodeId = node->id;
        offer.shortId = node->shortId;
        offer.label = node->name;
        offer.timeMs = qint64(event->timeMs());
        offer.offerSeq = body->offerSeq;
        offer.priceQueryMicro = body->priceQuery.micro();
        offer.priceGbMonthMicro = body->priceGbMonth.micro();
        offer.own = true;
        return offer;
    });
}

} // namespace streamsync::console
