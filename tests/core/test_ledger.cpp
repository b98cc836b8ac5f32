#include "test_ledger_kit.h"

#include "db/Database.h"
#include "ledger/LedgerProjection.h"
#include "market/CandidateSet.h"
#include "market/Selection.h"
#include "net/StorageMessages.h"
#include "storage/MerkleTree.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace streamsync;
using namespace ledgertest;

namespace {

// A test network: a genesis key, the authors that take part, and one observer's ledger.
class Net
{
public:
    explicit Net(const QList<QPair<Signer *, qint64>> &grants, Parameters params = smallParams())
        : m_params(params),
          m_ledger(std::make_unique<Ledger>(LedgerConfig{params, m_genesis.pub()}))
    {
        QMap<QByteArray, Money> amounts;
        for (const auto &[signer, micro] : grants) {
            amounts.insert(signer->pub(), Money::fromMicro(micro));
            join(*signer);
        }
        join(m_genesis);
        add(m_genesis.sign(EventKind::Genesis, genesisBody(params, amounts), kStart));
    }

    Ledger &ledger() { return *m_ledger; }
    Signer &genesis() { return m_genesis; }
    void join(Signer &signer) { m_signers[signer.pub()] = &signer; }
    const QList<Event> &log() const { return m_log; }

    Event add(const Event &event)
    {
        m_log.append(event);
        if (!m_ledger->add(event))
            die(QStringLiteral("the ledger did not take %1").arg(event.shortName()));
        return event;
    }
    Event sign(Signer &signer, EventKind kind, const QCborMap &body, qint64 timeMs)
    {
        return add(signer.sign(kind, body, timeMs));
    }

    // The epoch's first closer signs what prepareClose() gives it, at its turn.
    Event close(qint64 epoch, int rank = 0)
    {
        const QByteArray closer = m_ledger->closerOrder(epoch).value(rank);
        const auto body = m_ledger->prepareClose(epoch, closer);
        if (!body)
            die(body.error());
        return sign(*m_signers.at(closer), EventKind::EpochClose, *body,
                    m_ledger->closeDueMs(epoch, rank));
    }

private:
    Parameters m_params;
    Signer m_genesis{100};
    std::unique_ptr<Ledger> m_ledger;
    std::map<QByteArray, Signer *> m_signers;
    QList<Event> m_log;
};

qint64 micro(Money m)
{
    return m.micro();
}

QString refusalOf(const Ledger &ledger, const Event &event)
{
    return ledger.refusal(event.hash());
}

} // namespace

// The ledger's rules of docs/market.md, one behaviour per test, with real keys and signatures.
class TestLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.emplace().isValid()); }

    void genesisGrantsTheSupply()
    {
        Signer alice(1), bob(2);
        Net net({{&alice, 1000}, {&bob, 500}});
        const Ledger &l = net.ledger();
        QVERIFY(l.hasGenesis());
        QCOMPARE(micro(l.balance(alice.pub())), 1000);
        QCOMPARE(micro(l.balance(bob.pub())), 500);
        QCOMPARE(micro(l.supply()), 1500);
        QVERIFY(l.conservation().ok());
        QCOMPARE(l.epochOf(kStart + 1500), 1);
        QCOMPARE(l.epochOf(kStart - 1), -1);
        QCOMPARE(l.epochEndMs(0), kStart + kEpochMs);
        QCOMPARE(l.lastClosedEpoch(), -1);
    }

    void otherGenesisIsRefused()
    {
        Signer alice(1);
        Net net({{&alice, 1000}});
        // Alice's own "genesis" grants her a fortune: not the network's key, so nothing.
        const QMap<QByteArray, Money> fortune{{alice.pub(), Money::fromMicro(1'000'000)}};
        const Event forged =
            net.sign(alice, EventKind::Genesis, genesisBody(smallParams(), fortune), kStart + 1);
        QVERIFY2(refusalOf(net.ledger(), forged).contains(QStringLiteral("only seq 1")),
                 qPrintable(refusalOf(net.ledger(), forged)));
        // Nor does the genesis key get a second one.
        const Event second = net.sign(net.genesis(), EventKind::Genesis,
                                      genesisBody(smallParams(), fortune), kStart + 2);
        QVERIFY(!refusalOf(net.ledger(), second).isEmpty());
        QCOMPARE(micro(net.ledger().balance(alice.pub())), 1000);
        QCOMPARE(micro(net.ledger().supply()), 1000);

        // A node running other rules does not take the network's genesis at all.
        Parameters other = smallParams();
        other.slashShareBps = 2000;
        Ledger stranger(LedgerConfig{other, net.genesis().pub()});
        QVERIFY(stranger.add(net.log().first()));
        QVERIFY(!stranger.hasGenesis());
        QCOMPARE(stranger.epochOf(kStart), -1);
        QVERIFY(refusalOf(stranger, net.log().first()).contains(QStringLiteral("parameters hash")));
        QVERIFY(!stranger.prepareClose(0, net.genesis().pub()).ok());
    }

    void doubleSpendIsRefusedAndChangesNothing()
    {
        Signer alice(1), bob(2);
        Net net({{&alice, 100}});
        net.sign(alice, EventKind::Transfer, transferBody(bob.pub(), 70), kStart + 10);
        const Event again =
            net.sign(alice, EventKind::Transfer, transferBody(bob.pub(), 70), kStart + 20);
        QCOMPARE(micro(net.ledger().balance(alice.pub())), 30);
        QCOMPARE(micro(net.ledger().balance(bob.pub())), 70);
        QCOMPARE(refusalOf(net.ledger(), again),
                 QStringLiteral("transfer of 0.000070 cr exceeds the balance 0.000030 cr of %1")
                     .arg(QString::fromLatin1(alice.pub().left(4).toHex())));
        // Bob cannot spend what he does not have either, and a bond is a spend.
        const Event bond = net.sign(bob, EventKind::Bond, amountBody(71), kStart + 30);
        QVERIFY(refusalOf(net.ledger(), bond).contains(QStringLiteral("exceeds the balance")));
        QCOMPARE(micro(net.ledger().bonded(bob.pub())), 0);
        QVERIFY(net.ledger().conservation().ok());
    }

    void newerOfferSupersedesStaleIsRefused()
    {
        Signer node(3);
        Net net({{&node, 0}});
        net.sign(node, EventKind::Offer, offerBody(1, 10), kStart + 1);
        net.sign(node, EventKind::Offer, offerBody(2, 20), kStart + 2);
        const Event stale = net.sign(node, EventKind::Offer, offerBody(2, 30), kStart + 3);
        const Event tooDear = net.sign(node, EventKind::Offer, offerBody(3, 5000), kStart + 4);
        QCOMPARE(micro(net.ledger().currentOffer(node.pub())->priceQuery), 20);
        QCOMPARE(net.ledger().offerHistory(node.pub()).size(), 2);
        QCOMPARE(refusalOf(net.ledger(), stale),
                 QStringLiteral("offer: offer_seq 2 is not above the current offer's 2"));
        QVERIFY(refusalOf(net.ledger(), tooDear).contains(QStringLiteral("above the network's")));
    }

    void unbondedStakeReturnsAfterThePeriodAtAClose()
    {
        Signer node(3);
        Net net({{&node, 1000}});
        net.join(node);
        net.sign(node, EventKind::Bond, amountBody(600), kStart + 10);
        net.sign(node, EventKind::Unbond, amountBody(200), kStart + 100); // releases at +1600
        const Event tooMuch = net.sign(node, EventKind::Unbond, amountBody(401), kStart + 110);
        QVERIFY(refusalOf(net.ledger(), tooMuch).contains(QStringLiteral("exceeds the 0.000400")));
        QCOMPARE(micro(net.ledger().bonded(node.pub())), 400);
        QCOMPARE(micro(net.ledger().unbonding(node.pub())), 200);
        QCOMPARE(micro(net.ledger().balance(node.pub())), 400);

        // Nobody was bonded before epoch 0, so the genesis key closes it; then the node does.
        QCOMPARE(net.ledger().closerOrder(0), QList<QByteArray>{net.genesis().pub()});
        net.close(0);
        QCOMPARE(net.ledger().lastClosedEpoch(), 0);
        QCOMPARE(micro(net.ledger().unbonding(node.pub())), 200); // end(0) < release
        QCOMPARE(net.ledger().closerOrder(1), QList<QByteArray>{node.pub()});
        net.close(1);
        QCOMPARE(net.ledger().lastClosedEpoch(), 1);
        QCOMPARE(micro(net.ledger().unbonding(node.pub())), 0);
        QCOMPARE(micro(net.ledger().closes().at(1).payouts.releases.value(node.pub())), 200);
        // 400 free + 200 released + the whole pool (each epoch's unclaimed emission of 1000) as
        // the only staker's dividend.
        QCOMPARE(micro(net.ledger().balance(node.pub())), 400 + 200 + 1000 + 1000);
        QVERIFY(net.ledger().conservation().ok());
    }

    void voucherPaysTheDifferenceAndEscrowIsRefunded()
    {
        Signer customer(4), node(5);
        Net net({{&customer, 5000}, {&node, 0}});
        net.sign(customer, EventKind::Escrow, escrowBody(0, 1001), kStart + 10);
        net.sign(node, EventKind::PaymentVoucher, voucherBody(customer, node.pub(), 0, 1, 101),
                 kStart + 500);
        // 101 µcr: the pool's half is rounded up, so the node gets 50 and the pool 51.
        QCOMPARE(micro(net.ledger().balance(node.pub())), 50);
        QCOMPARE(micro(net.ledger().pool()), 51);
        QCOMPARE(micro(net.ledger().earnings(node.pub(), 0, EarningSource::Fees)), 50);
        // The next cumulative receipt pays only the difference.
        net.sign(node, EventKind::PaymentVoucher, voucherBody(customer, node.pub(), 0, 3, 301),
                 kStart + 600);
        QCOMPARE(micro(net.ledger().balance(node.pub())), 150);
        QCOMPARE(micro(net.ledger().pool()), 151);
        QCOMPARE(micro(net.ledger().state().escrowed(customer.pub())), 700);
        const Event overdrawn =
            net.sign(node, EventKind::PaymentVoucher, voucherBody(customer, node.pub(), 0, 4, 2000),
                     kStart + 700);
        QVERIFY2(refusalOf(net.ledger(), overdrawn)
                     .contains(QStringLiteral("holds 0.000700 cr, less than the 0.001699 cr")),
                 qPrintable(refusalOf(net.ledger(), overdrawn)));
        // A receipt the node signed itself is no receipt.
        QCborMap forged = voucherBody(customer, node.pub(), 0, 5, 400);
        forged.insert(QStringLiteral("customer_sig"), node.key().sign("anything"));
        const Event selfSigned = net.sign(node, EventKind::PaymentVoucher, forged, kStart + 800);
        QVERIFY(refusalOf(net.ledger(), selfSigned).contains(QStringLiteral("does not verify")));
        QCOMPARE(micro(net.ledger().balance(node.pub())), 150);

        net.close(0); // escrows of epochs ≤ −1: nothing to refund yet
        QCOMPARE(micro(net.ledger().state().escrowed(customer.pub())), 700);
        net.close(1);
        QCOMPARE(micro(net.ledger().closes().at(1).payouts.refunds.value(customer.pub())), 700);
        QCOMPARE(micro(net.ledger().balance(customer.pub())), 5000 - 1001 + 700);
        QVERIFY(net.ledger().conservation().ok());
    }

    void subsidyFollowsFeesAndHalves()
    {
        Signer customer(4), n1(5), n2(6);
        Net net({{&customer, 100'000}, {&n1, 0}, {&n2, 0}});
        net.sign(customer, EventKind::Escrow, escrowBody(0, 10'000), kStart + 1);
        net.sign(customer, EventKind::Escrow, escrowBody(2, 10'000), kStart + 2);
        net.sign(n1, EventKind::PaymentVoucher, voucherBody(customer, n1.pub(), 0, 3, 300),
                 kStart + 100);
        net.sign(n2, EventKind::PaymentVoucher, voucherBody(customer, n2.pub(), 0, 1, 100),
                 kStart + 100);
        net.close(0);
        QCOMPARE(micro(net.ledger().earnings(n1.pub(), 0, EarningSource::Subsidy)), 750);
        QCOMPARE(micro(net.ledger().earnings(n2.pub(), 0, EarningSource::Subsidy)), 250);
        QCOMPARE(net.ledger().closes().at(0).feesServed.micro(), 400);
        net.close(1); // no fees: the whole emission goes to the pool
        QVERIFY(net.ledger().closes().at(1).payouts.subsidy.isEmpty());
        QCOMPARE(micro(net.ledger().closes().at(1).payouts.emission), 1000);
        net.sign(n1, EventKind::PaymentVoucher, voucherBody(customer, n1.pub(), 2, 1, 100),
                 epochStart(2) + 100);
        net.sign(n2, EventKind::PaymentVoucher, voucherBody(customer, n2.pub(), 2, 1, 100),
                 epochStart(2) + 100);
        net.close(2); // halved after two epochs
        QCOMPARE(micro(net.ledger().closes().at(2).payouts.emission), 500);
        QCOMPARE(micro(net.ledger().earnings(n1.pub(), 2, EarningSource::Subsidy)), 250);
        QCOMPARE(micro(net.ledger().earnings(n2.pub(), 2, EarningSource::Subsidy)), 250);
        QCOMPARE(micro(net.ledger().supply()), 100'000 + 1000 + 1000 + 500);
        QVERIFY(net.ledger().conservation().ok());
    }

    void dividendFollowsStake()
    {
        Signer n1(5), n2(6);
        Net net({{&n1, 1000}, {&n2, 1000}});
        net.sign(n1, EventKind::Bond, amountBody(200), kStart + 1);
        net.sign(n2, EventKind::Bond, amountBody(100), kStart + 1);
        net.close(0);
        const Payouts &p = net.ledger().closes().at(0).payouts;
        // The pool is the epoch's emission (no fees); 1000·2/3 and 1000·1/3 round down, and the
        // remainder stays in the pool.
        QCOMPARE(micro(p.poolBefore), 0);
        QCOMPARE(micro(p.dividend.value(n1.pub())), 666);
        QCOMPARE(micro(p.dividend.value(n2.pub())), 333);
        QCOMPARE(micro(p.poolAfter), 1);
        QCOMPARE(micro(net.ledger().earnings(n1.pub(), 0, EarningSource::Dividend)), 666);
        QCOMPARE(micro(net.ledger().balance(n2.pub())), 900 + 333);
        QVERIFY(net.ledger().conservation().ok());
    }

    void fraudProofSlashesTheBond()
    {
        Signer node(5), customer(4);
        Net net({{&node, 1000}, {&customer, 0}});
        net.sign(node, EventKind::Bond, amountBody(500), kStart + 1);
        QList<QByteArray> leaves;
        for (int i = 0; i < 3; ++i)
            leaves.append(MerkleTree::leafHash(QByteArray(64, char('x' + i))));
        const QByteArray root = MerkleTree::root(leaves);
        const auto statement = [&](const QByteArray &claimed) {
            wire::ChunkAnswer answer;
            answer.queryId = QByteArray("q1");
            answer.objectId = root;
            answer.index = 0;
            answer.leafCount = 3;
            return SlashStatement{root,
                                  0,
                                  3,
                                  claimed,
                                  answer.queryId,
                                  node.key().sign(wire::statement(answer, claimed))};
        };
        const SlashWitness witness{leaves[0], MerkleTree::inclusionProof(leaves, 0)};
        const QCborMap lie = SlashBody{node.pub(), statement(leaves[1]), witness}.toCbor();
        const Event slash = net.sign(customer, EventKind::Slash, lie, kStart + 10);
        QCOMPARE(micro(net.ledger().bonded(node.pub())), 450);
        QCOMPARE(micro(net.ledger().pool()), 50);
        QCOMPARE(micro(net.ledger().state().slashes.value(slash.hash()).amount), 50);
        // The same statement slashes once; a true statement never.
        const Event again = net.sign(customer, EventKind::Slash, lie, kStart + 11);
        QVERIFY(refusalOf(net.ledger(), again).contains(QStringLiteral("already slashed")));
        const Event truth =
            net.sign(customer, EventKind::Slash,
                     SlashBody{node.pub(), statement(leaves[0]), witness}.toCbor(), kStart + 12);
        QVERIFY(refusalOf(net.ledger(), truth).contains(QStringLiteral("the answer was true")));
        QCOMPARE(micro(net.ledger().bonded(node.pub())), 450);
        QVERIFY(net.ledger().conservation().ok());
    }

    void lowAccuracySuspendsAndLeavesSelection()
    {
        Signer bad(5), good(6), auditor(7), customer(8);
        Net net({{&bad, 0}, {&good, 0}, {&auditor, 0}});
        for (Signer *node : {&bad, &good}) {
            net.sign(*node, EventKind::NodeAnnounce, announceBody(node->pub(), QStringLiteral("n")),
                     kStart + 1);
            net.sign(
                *node, EventKind::LifecycleChange,
                lifecycleBody(node->pub(), QStringLiteral("Starting"), QStringLiteral("Online")),
                kStart + 2);
            net.sign(*node, EventKind::Offer, offerBody(1, 10), kStart + 3);
        }
        AuditReportBody audits{0, {}};
        audits.nodes.insert(bad.pub(), AuditEntry{20, 2, 0, 0});
        audits.nodes.insert(good.pub(), AuditEntry{20, 20, 0, 0});
        net.sign(auditor, EventKind::AuditReport, audits.toCbor(), kStart + 100);

        const qint64 now = kStart + 500;
        QVERIFY(net.ledger().reputation(bad.pub(), now)->suspended);
        QVERIFY(!net.ledger().reputation(good.pub(), now)->suspended);
        const QList<Candidate> candidates = net.ledger().candidates(now);
        QCOMPARE(candidates.size(), 2);
        for (const Candidate &c : candidates)
            QCOMPARE(c.online, c.node == NodeId::fromPublicKey(good.pub()));
        const auto set = CandidateSet::build(candidates, smallParams());
        QVERIFY(set.ok());
        QCOMPARE(set->size(), 1);
        SeededRandom random(42);
        for (int i = 0; i < 20; ++i) {
            const auto picked =
                Selection::select(candidates, smallParams(), Money::fromMicro(100), random);
            QCOMPARE(picked.value(), QList<NodeId>{NodeId::fromPublicKey(good.pub())});
        }
        // A second report for the same epoch by the same auditor is refused.
        const Event twice =
            net.sign(auditor, EventKind::AuditReport, audits.toCbor(), kStart + 200);
        QVERIFY(refusalOf(net.ledger(), twice).contains(QStringLiteral("already reported")));
    }

    void closerOrderIsDeterministic()
    {
        Signer n1(5), n2(6), n3(7), idle(8);
        Net net({{&n1, 1000}, {&n2, 1000}, {&n3, 1000}, {&idle, 1000}});
        net.sign(n1, EventKind::Bond, amountBody(100), kStart + 1);
        net.sign(n2, EventKind::Bond, amountBody(300), kStart + 1);
        net.sign(n3, EventKind::Bond, amountBody(600), kStart + 1);
        net.close(0);
        const QList<QByteArray> order = net.ledger().closerOrder(1);
        QCOMPARE(order.size(), 3);
        for (int rank = 0; rank < 3; ++rank)
            QCOMPARE(net.ledger().closerRank(order[rank], 1), rank);
        QCOMPARE(net.ledger().closerRank(idle.pub(), 1), -1);
        QCOMPARE(net.ledger().closerRank(n1.pub(), 2), -1); // epoch 1 is not closed yet
        // Another observer, fed the genesis key's feed last, agrees.
        Ledger other(LedgerConfig{smallParams(), net.genesis().pub()});
        for (const Event &e : net.log())
            if (e.author() != net.genesis().pub())
                QVERIFY(other.add(e));
        for (const Event &e : net.log())
            if (e.author() == net.genesis().pub())
                QVERIFY(other.add(e));
        QCOMPARE(other.closerOrder(1), order);
        QCOMPARE(other.prepareClose(1, order[0])->value(QStringLiteral("payouts")),
                 net.ledger().prepareClose(1, order[0])->value(QStringLiteral("payouts")));
        QVERIFY(!net.ledger().prepareClose(1, idle.pub()).ok());
        QVERIFY(net.ledger().prepareClose(0, order[0]).error().contains(QStringLiteral("already")));
    }

    void wrongPayoutsAreRefusedAndSlashTheCloser()
    {
        Signer n1(5), n2(6);
        Net net({{&n1, 1000}, {&n2, 1000}});
        net.sign(n1, EventKind::Bond, amountBody(500), kStart + 1);
        net.sign(n2, EventKind::Bond, amountBody(500), kStart + 1);
        net.close(0);
        const QList<QByteArray> order = net.ledger().closerOrder(1);
        Signer &cheat = order[0] == n1.pub() ? n1 : n2;
        auto body = EpochCloseBody::fromCbor(*net.ledger().prepareClose(1, cheat.pub())).value();
        body.payouts.dividend[cheat.pub()] =
            Money::fromMicro(body.payouts.dividend.value(cheat.pub()).micro() + 1);
        const Event wrong =
            net.sign(cheat, EventKind::EpochClose, body.toCbor(), net.ledger().closeDueMs(1, 0));
        QCOMPARE(net.ledger().lastClosedEpoch(), 0);
        QCOMPARE(micro(net.ledger().bonded(cheat.pub())), 450);
        QVERIFY(net.ledger().state().slashes.contains(wrong.hash()));
        QVERIFY(net.ledger()
                    .state()
                    .slashes.value(wrong.hash())
                    .reason.contains(QStringLiteral("differ from the recomputation")));
        // The next closer takes over at its turn.
        net.close(1, 1);
        QCOMPARE(net.ledger().lastClosedEpoch(), 1);
        QCOMPARE(net.ledger().closes().at(1).rank, 1);
        QCOMPARE(micro(net.ledger().bonded(cheat.pub())), 450);
        QVERIFY(net.ledger().conservation().ok());
    }

    void betterCloseArrivingLateReplacesTheAcceptedOne()
    {
        Signer n1(5), n2(6), outsider(9);
        Net net({{&n1, 1000}, {&n2, 1000}, {&outsider, 0}});
        net.sign(n1, EventKind::Bond, amountBody(500), kStart + 1);
        net.sign(n2, EventKind::Bond, amountBody(300), kStart + 1);
        net.close(0);
        const QList<QByteArray> order = net.ledger().closerOrder(1);
        Signer &first = order[0] == n1.pub() ? n1 : n2;
        Signer &second = order[0] == n1.pub() ? n2 : n1;
        const Event byFirst =
            first.sign(EventKind::EpochClose, *net.ledger().prepareClose(1, first.pub()),
                       net.ledger().closeDueMs(1, 0));
        const Event bySecond =
            second.sign(EventKind::EpochClose, *net.ledger().prepareClose(1, second.pub()),
                        net.ledger().closeDueMs(1, 1));
        const Event unranked =
            outsider.sign(EventKind::EpochClose, *net.ledger().prepareClose(1, first.pub()),
                          net.ledger().closeDueMs(1, 0));

        Ledger lateBest(LedgerConfig{smallParams(), net.genesis().pub()});
        Ledger inOrder(LedgerConfig{smallParams(), net.genesis().pub()});
        for (const Event &e : net.log()) {
            QVERIFY(lateBest.add(e));
            QVERIFY(inOrder.add(e));
        }
        QVERIFY(lateBest.add(unranked));
        QVERIFY(lateBest.add(bySecond));
        QCOMPARE(lateBest.closes().at(1).rank, 1);
        QVERIFY(lateBest.add(byFirst)); // the better close takes the epoch over
        QCOMPARE(lateBest.lastClosedEpoch(), 1);
        QCOMPARE(lateBest.closes().at(1).hash, byFirst.hash());
        for (const Event &e : {byFirst, bySecond, unranked})
            QVERIFY(inOrder.add(e));
        QCOMPARE(dump(lateBest), dump(inOrder));
        QVERIFY(
            lateBest.refusal(unranked.hash()).contains(QStringLiteral("not among the closers")));
        QVERIFY(lateBest.refusal(bySecond.hash()).isEmpty()); // valid, only not the best
    }

    void pendingCloseAppliesWhenItsEventsArrive()
    {
        Signer alice(1), bob(2);
        Net net({{&alice, 1000}, {&bob, 1000}});
        const Event a =
            net.sign(alice, EventKind::Transfer, transferBody(bob.pub(), 10), kStart + 5);
        const Event b =
            net.sign(bob, EventKind::Transfer, transferBody(alice.pub(), 20), kStart + 6);
        const Event close = net.close(0);
        QVERIFY(
            close.body().value(QStringLiteral("frontier")).toMap().contains(QCborValue(bob.pub())));

        Ledger late(LedgerConfig{smallParams(), net.genesis().pub()});
        QVERIFY(late.add(net.log().first())); // genesis
        QVERIFY(late.add(a));
        QVERIFY(late.add(close));
        QCOMPARE(late.lastClosedEpoch(), -1); // waits for Bob's transfer
        QVERIFY(late.add(b));
        QCOMPARE(late.lastClosedEpoch(), 0);
        QCOMPARE(dump(late), dump(net.ledger()));
    }

private:
    QByteArray dump(const Ledger &ledger)
    {
        const QString path = m_dir->filePath(QStringLiteral("p%1.sqlite").arg(++m_files));
        auto db = Database::open(path, Database::OpenMode::CreateIfMissing);
        if (!db)
            die(db.error());
        if (auto written = LedgerProjection::write(**db, ledger, kStart + 10'000); !written)
            die(written.error());
        return LedgerProjection::dump(**db).value();
    }

    std::optional<QTemporaryDir> m_dir;
    int m_files = 0;
};

QTEST_GUILESS_MAIN(TestLedger)
#include "test_ledger.moc"
