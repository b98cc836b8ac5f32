#include "customer/MarketWorkload.h"

#include "crypto/Ed25519.h"
#include "crypto/NodeId.h"
#include "crypto/Sha256.h"
#include "customer/Auditor.h"
#include "customer/ChunkRace.h"
#include "customer/CustomerFeed.h"
#include "customer/CustomerLog.h"
#include "customer/FeedPublisher.h"
#include "customer/HeldReports.h"
#include "customer/MarketView.h"
#include "customer/NodeLink.h"
#include "ledger/LedgerBodies.h"
#include "net/MarketMessages.h"

#include <QDateTime>

namespace streamsync {

namespace {

constexpr std::chrono::milliseconds kEpochCheck{200};
// After an epoch's end, how long its last races may take before its reports go out: the SLA
// deadline (no race lasts longer) and a little for the replies in flight.
constexpr qint64 kReportMarginMs = 250;
// How long stop() waits for the feed to reach a node.
constexpr std::chrono::milliseconds kFinishPatience{3000};

QString label(const QByteArray &key)
{
    return NodeId::fromPublicKey(key).shortText();
}

} // namespace

MarketWorkload::MarketWorkload(PeerSet &peers, CustomerFeed &feed, const Ed25519SigningKey &key,
                               const Parameters &params, Options options, ChunkBook chunks,
                               QObject *parent)
    : QObject(parent), m_peers(peers), m_feed(feed), m_key(key), m_params(params),
      m_options(std::move(options)), m_chunks(std::move(chunks)), m_clock(params.epochLengthMs),
      m_market(new MarketView(peers, this)), m_publisher(new FeedPublisher(feed, peers, this)),
      m_auditor(new Auditor(peers, *m_market, m_chunks,
                            std::chrono::milliseconds(params.slaDeadlineMs), m_options.seed ^ 0xa5,
                            this)),
      m_selector(*m_market, params, m_options.maxPrice, m_options.seed),
      m_random(m_options.seed ^ 0x5eedULL)
{
    if (m_options.genesisStartMs)
        m_clock.setStart(*m_options.genesisStartMs);
    if (m_options.grant)
        m_payments.setGrant(*m_options.grant);
    connect(m_market, &MarketView::updated, this, &MarketWorkload::onMarketUpdated);
    connect(m_market, &MarketView::problem, this,
            [this](const QString &reason) { Q_EMIT notice(QStringLiteral("market: ") + reason); });
    connect(m_publisher, &FeedPublisher::published, this, &MarketWorkload::onPublished);
    connect(m_publisher, &FeedPublisher::refused, this, &MarketWorkload::onRefused);
    connect(m_auditor, &Auditor::audited, this, [this](NodeLink *link, bool passed) {
        if (const QByteArray node = keyOf(link); !node.isEmpty())
            tally(m_clock.epochAt(nowMs())).audited(node, passed);
    });
    connect(m_auditor, &Auditor::probed, this, [this](NodeLink *link, bool answered) {
        if (const QByteArray node = keyOf(link); !node.isEmpty())
            tally(m_clock.epochAt(nowMs())).probed(node, answered);
    });
    connect(m_auditor, &Auditor::witnessed, this,
            [this](const QByteArray &object, qint64 index, qint64 leafCount, const QByteArray &leaf,
                   const QList<QByteArray> &path) {
                m_fraud.witness(object, index, leafCount, leaf, path);
                publishSlashes();
            });
    connect(m_auditor, &Auditor::signedFalse, this,
            [this](NodeLink *, const wire::ChunkAnswer &answer, const QByteArray &leaf) {
                m_fraud.signedFalse(answer.nodeKey, answer, leaf);
                publishSlashes();
            });
    m_ticker.setInterval(qBound(5, 1000 / qMax(1, m_options.rate), 100));
    connect(&m_ticker, &QTimer::timeout, this, &MarketWorkload::tick);
    m_epochTimer.setInterval(kEpochCheck);
    connect(&m_epochTimer, &QTimer::timeout, this, &MarketWorkload::onEpochTimer);
    m_finishTimer.setSingleShot(true);
    connect(&m_finishTimer, &QTimer::timeout, this, [this] {
        m_flights.clear();
        m_publisher->disconnect(this);
        maybeFinish();
    });
}

MarketWorkload::~MarketWorkload() = default;

qint64 MarketWorkload::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

EpochTally &MarketWorkload::tally(qint64 epoch)
{
    auto it = m_tallies.find(epoch);
    if (it == m_tallies.end())
        it = m_tallies.emplace(epoch, EpochTally(epoch, m_options.seed)).first;
    return it->second;
}

QByteArray MarketWorkload::keyOf(NodeLink *link) const
{
    const wire::MarketCandidate *c = m_market->candidate(link->peer().nodeId);
    return c ? c->node : QByteArray();
}

void MarketWorkload::start()
{
    for (auto it = m_options.knownHolders.constBegin(); it != m_options.knownHolders.constEnd();
         ++it)
        m_market->assumeHolders(it.key(), it.value());
    m_market->start(m_options.objects, m_options.marketInterval);
    // Whatever an earlier run appended but no node confirmed.
    m_publisher->publish();
}

void MarketWorkload::onMarketUpdated()
{
    const wire::MarketReply &reply = m_market->reply();
    m_clock.observe(reply.nowMs, reply.epoch);
    if (!m_begun && !m_stopping)
        begin();
}

void MarketWorkload::begin()
{
    m_begun = true;
    takeHeldReports();
    ensureEscrow(m_clock.epochAt(nowMs()));
    m_elapsed.start();
    m_ticker.start();
    m_epochTimer.start();
    m_auditor->start(m_options.auditInterval);
    tick();
}

void MarketWorkload::tick()
{
    if (m_stopping)
        return;
    const qint64 elapsed = m_elapsed.elapsed();
    if (m_options.duration.count() > 0 && elapsed >= m_options.duration.count())
        return stop();
    const qint64 due = elapsed * m_options.rate / 1000 + 1;
    // After a stall (a suspended laptop) catch up one second at most, not the whole gap.
    m_due = qMax(m_due, due - m_options.rate);
    while (m_due < due) {
        ++m_due;
        launch();
    }
}

void MarketWorkload::launch()
{
    const qint64 epoch = m_clock.epochAt(nowMs());
    EpochTally &t = tally(epoch);
    ensureEscrow(epoch);
    if (m_options.objects.isEmpty() || m_flights.size() >= m_options.maxInFlight)
        return t.notSent();
    const QByteArray object =
        m_options.objects.at(qsizetype(m_random.bounded(quint64(m_options.objects.size()))));
    const qint64 leafCount = m_chunks.leafCount(object);
    const qint64 index = leafCount > 0 ? qint64(m_random.bounded(quint64(leafCount))) : 0;
    auto picks = m_selector.pick(object);
    if (!picks) {
        qCDebug(lcCustomer).noquote() << "query not sent:" << picks.error();
        return t.notSent();
    }
    Money highest;
    QList<NodeLink *> links;
    for (const QuerySelector::Pick &p : picks.value()) {
        highest = qMax(highest, p.price);
        links.append(p.link);
    }
    const auto reservation = m_payments.reserve(epoch, highest);
    if (!reservation)
        return t.notSent();
    auto *race = new ChunkRace(links, object, index, leafCount,
                               std::chrono::milliseconds(m_params.slaDeadlineMs),
                               ChunkRace::Options{true, true}, this);
    m_flights.insert(race, Flight{epoch, picks.value(), *reservation});
    ++m_inFlightByEpoch[epoch];
    connect(race, &ChunkRace::finished, this, [this, race] { onDecided(race); });
    connect(race, &ChunkRace::settled, this, [this, race] { onSettled(race); });
    race->start();
}

void MarketWorkload::onDecided(ChunkRace *race)
{
    const auto it = m_flights.constFind(race);
    if (it == m_flights.constEnd())
        return;
    const Flight &flight = *it;
    const ChunkRace::Outcome &outcome = race->outcome();
    ++m_queries;
    if (!outcome.won) {
        m_payments.release(flight.reservation);
        tally(flight.epoch).query(false, {});
        return;
    }
    ++m_wins;
    for (const QuerySelector::Pick &p : flight.picks) {
        if (p.link != outcome.winner)
            continue;
        const Receipt receipt =
            m_payments.pay(flight.reservation, p.nodeKey, m_key.publicKey(), p.price);
        sendReceipt(p.link, receipt);
        tally(flight.epoch).query(true, p.price);
    }
    m_chunks.setLeafCount(race->objectId(), outcome.leafCount);
    m_chunks.learn(race->objectId(), race->index(), sha256(outcome.data));
    m_fraud.witness(race->objectId(), race->index(), outcome.leafCount, outcome.winnerLeaf,
                    outcome.winnerProof);
}

void MarketWorkload::sendReceipt(NodeLink *link, const Receipt &receipt)
{
    const auto sig = receipt.sign(m_key);
    if (!sig) {
        qCWarning(lcCustomer).noquote() << "cannot sign a receipt:" << sig.error();
        return;
    }
    const wire::ReceiptFields fields{receipt.node,    receipt.customer,       receipt.epoch,
                                     receipt.queries, receipt.amount.micro(), sig.value()};
    link->request(wire::makeReceipt(fields, 0), [link](const QCborMap &reply) {
        if (message::typeOf(reply) == MessageType::Error)
            qCInfo(lcCustomer).noquote()
                << link->label()
                << "did not take a receipt:" << reply.value(QLatin1String("reason")).toString();
    });
}

void MarketWorkload::onSettled(ChunkRace *race)
{
    const auto it = m_flights.find(race);
    if (it == m_flights.end())
        return;
    markNodes(*race, *it);
    const qint64 epoch = it->epoch;
    m_flights.erase(it);
    --m_inFlightByEpoch[epoch];
    race->deleteLater();
    publishSlashes();
    maybeFinish();
}

// One mark per raced node (EpochTally): its verified answer, its invalid one, or an SLA miss
// when nobody's answer verified in time.
void MarketWorkload::markNodes(const ChunkRace &race, const Flight &flight)
{
    const ChunkRace::Outcome &outcome = race.outcome();
    EpochTally &t = tally(flight.epoch);
    for (const ChunkRace::NodeResult &result : outcome.results) {
        QByteArray node;
        for (const QuerySelector::Pick &p : flight.picks) {
            if (p.link == result.link)
                node = p.nodeKey;
        }
        using Answer = ChunkRace::NodeResult::Answer;
        EpochTally::Mark mark = outcome.won ? EpochTally::Mark::None : EpochTally::Mark::SlaMiss;
        if (result.answer == Answer::Verified)
            mark = EpochTally::Mark::Verified;
        else if (result.answer == Answer::Invalid)
            mark = EpochTally::Mark::Invalid;
        t.raced(node, mark, result.latencyUs / 1000, result.link == outcome.winner);
        if (result.signedFalse)
            m_fraud.signedFalse(node, *result.signedFalse, result.falseLeaf);
    }
}

void MarketWorkload::onEpochTimer()
{
    const qint64 now = nowMs();
    const qint64 current = m_clock.epochAt(now);
    // The next epoch's escrow goes out a little before it starts, so its first queries find it.
    const qint64 lead = qMin<qint64>(2000, m_clock.lengthMs() / 5);
    if (!m_stopping && now >= m_clock.endOf(current) - lead)
        ensureEscrow(current + 1);
    for (auto it = m_tallies.begin(); it != m_tallies.end();) {
        const qint64 epoch = it->first;
        const bool over = epoch < current &&
                          now >= m_clock.endOf(epoch) + m_params.slaDeadlineMs + kReportMarginMs;
        if (over && m_inFlightByEpoch.value(epoch) <= 0) {
            report(epoch);
            m_payments.forgetReceiptsBefore(epoch);
            m_inFlightByEpoch.remove(epoch);
            it = m_tallies.erase(it);
        } else {
            ++it;
        }
    }
}

Money MarketWorkload::escrowAmount(qint64 epoch) const
{
    if (m_options.escrow)
        return *m_options.escrow;
    Q_UNUSED(epoch);
    // The epoch's expected queries, plus one second of them for clocks that disagree.
    const qint64 queries =
        (qint64(m_options.rate) * m_clock.lengthMs() + 999) / 1000 + m_options.rate;
    return Money::fromMicro(queries * m_options.maxPrice.micro());
}

void MarketWorkload::ensureEscrow(qint64 epoch)
{
    if (m_payments.state(epoch) != PaymentBook::EscrowState::None)
        return;
    Money amount = escrowAmount(epoch);
    const std::optional<Money> balance = m_payments.balance(epoch);
    if (balance && *balance < amount)
        amount = *balance;
    if (amount < m_options.maxPrice || amount.micro() <= 0) {
        m_payments.escrowRefused(epoch);
        Q_EMIT notice(QStringLiteral("no escrow for epoch %1: the balance (about %2 µcr) does not "
                                     "cover one query at the maximum price (%3 µcr)")
                          .arg(epoch)
                          .arg(balance ? balance->micro() : 0)
                          .arg(m_options.maxPrice.micro()));
        return;
    }
    m_payments.escrowAppended(epoch, amount);
    appendEvent(EventKind::Escrow, EscrowBody{epoch, amount}.toCbor(), epoch);
}

void MarketWorkload::appendEvent(EventKind kind, const QCborMap &body, qint64 epoch)
{
    const auto event = m_feed.append(kind, body, nowMs());
    if (!event) {
        Q_EMIT notice(QStringLiteral("cannot append %1 for epoch %2: %3")
                          .arg(eventKindName(kind))
                          .arg(epoch)
                          .arg(event.error()));
        if (kind == EventKind::Escrow)
            m_payments.escrowRefused(epoch);
        return;
    }
    if (kind == EventKind::Escrow)
        m_escrowSeqs.insert(event->seq(), epoch);
    m_publisher->publish();
}

void MarketWorkload::report(qint64 epoch)
{
    const auto it = m_tallies.find(epoch);
    if (it == m_tallies.end())
        return;
    const EpochTally &t = it->second;
    if (t.hasRaces())
        appendEvent(EventKind::RaceReport, t.raceReport().toCbor(), epoch);
    if (t.hasAudits())
        appendEvent(EventKind::AuditReport, t.auditReport().toCbor(), epoch);
    Q_EMIT epochSummary(t.summary(label));
}

void MarketWorkload::takeHeldReports()
{
    if (m_options.heldReportsPath.isEmpty())
        return;
    const auto held = HeldReports::take(m_options.heldReportsPath);
    if (!held) {
        Q_EMIT notice(held.error());
        return;
    }
    if (!held.value())
        return;
    const HeldReports::Reports &r = *held.value();
    const qint64 epoch = r.races.epoch;
    if (epoch == m_clock.epochAt(nowMs())) {
        tally(epoch).absorb(r.races, r.audits);
        return;
    }
    // That epoch is over: its reports go out now, late but whole.
    if (!r.races.nodes.isEmpty())
        appendEvent(EventKind::RaceReport, r.races.toCbor(), epoch);
    if (!r.audits.nodes.isEmpty())
        appendEvent(EventKind::AuditReport, r.audits.toCbor(), epoch);
}

bool MarketWorkload::holdRunningEpoch(qint64 epoch, const EpochTally &tally)
{
    if (!m_options.holdPartialEpoch || m_options.heldReportsPath.isEmpty() || !m_begun ||
        epoch != m_clock.epochAt(nowMs()) || (!tally.hasRaces() && !tally.hasAudits()))
        return false;
    const auto saved =
        HeldReports::save(m_options.heldReportsPath, {tally.raceReport(), tally.auditReport()});
    if (!saved) {
        Q_EMIT notice(saved.error());
        return false;
    }
    Q_EMIT notice(QStringLiteral("epoch %1 is still running: its reports are held for the next "
                                 "run (%2)")
                      .arg(epoch)
                      .arg(m_options.heldReportsPath));
    return true;
}

void MarketWorkload::publishSlashes()
{
    for (const SlashBody &slash : m_fraud.takeReady()) {
        appendEvent(EventKind::Slash, slash.toCbor(), m_clock.epochAt(nowMs()));
        Q_EMIT notice(QStringLiteral("slash: %1 signed a false answer for chunk %2 of object %3; "
                                     "fraud proof published")
                          .arg(label(slash.node))
                          .arg(slash.statement.index)
                          .arg(QString::fromLatin1(slash.statement.object.toHex().left(16))));
    }
}

void MarketWorkload::onPublished(quint64 seq)
{
    if (const auto it = m_escrowSeqs.constFind(seq); it != m_escrowSeqs.constEnd())
        m_payments.escrowConfirmed(*it);
}

void MarketWorkload::onRefused(quint64 seq, const QString &kind, const QString &reason)
{
    if (const auto it = m_escrowSeqs.constFind(seq); it != m_escrowSeqs.constEnd()) {
        m_payments.escrowRefused(*it);
        Q_EMIT notice(QStringLiteral("escrow for epoch %1 refused: %2").arg(*it).arg(reason));
        return;
    }
    Q_EMIT notice(
        QStringLiteral("%1 (seq %2) refused by the node: %3").arg(kind).arg(seq).arg(reason));
}

void MarketWorkload::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_ticker.stop();
    m_auditor->stop();
    m_finishTimer.start(std::chrono::milliseconds(m_params.slaDeadlineMs) + kFinishPatience);
    maybeFinish();
}

void MarketWorkload::maybeFinish()
{
    if (!m_stopping || m_done || !m_flights.isEmpty())
        return;
    // The running epoch's observations would be lost otherwise: published now, or held for the
    // next run when it is configured to come back (the ledger takes one report per epoch).
    for (const auto &[epoch, tally] : m_tallies) {
        if (!holdRunningEpoch(epoch, tally))
            report(epoch);
    }
    m_tallies.clear();
    m_epochTimer.stop();
    if (!m_finishTimer.isActive() || m_publisher->isIdle()) {
        m_done = true;
        m_finishTimer.stop();
        Q_EMIT finished();
        return;
    }
    connect(m_publisher, &FeedPublisher::idle, this, &MarketWorkload::maybeFinish,
            Qt::UniqueConnection);
}

} // namespace streamsync
