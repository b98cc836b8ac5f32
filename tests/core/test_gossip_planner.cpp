#include "gossip/GossipMessages.h"
#include "gossip/PullPlanner.h"
#include "net/Messages.h"

#include <QCborArray>
#include <QTest>

using namespace streamsync;

namespace {

QByteArray key(char c)
{
    return QByteArray(32, c);
}

QByteArray hash(char c)
{
    return QByteArray(32, c);
}

Event::Deps heads(std::initializer_list<std::pair<char, quint64>> feeds, char hashByte = 'h')
{
    Event::Deps result;
    for (const auto &[author, seq] : feeds)
        result.insert(key(author), Event::DepHead{seq, hash(hashByte)});
    return result;
}

constexpr qint64 kTimeout = 1000;
constexpr int kBatch = 10;

} // namespace

// Which ranges a node asks which peer for, and the gossip messages' parsers. Pure logic: the
// behaviour over real connections is covered by test_gossip_cluster.
class TestGossipPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pullsWhatThePeerHasBeyondOurHead();
    void aFeedIsPulledFromOnePeerAtATime();
    void pipelinesBatchesFromTheSamePeer();
    void anotherPeerTakesOverAfterTheTimeout();
    void answeredOrReleasedFeedsArePulledAgain();
    void forgottenPeerFreesItsFeeds();
    void sameSeqOtherHashIsProbedOnce();
    void respectsSlotsAndIgnoredFeeds();
    void newsAndLead();
    void messagesRoundTrip();
    void malformedMessagesAreRefused();
};

void TestGossipPlanner::pullsWhatThePeerHasBeyondOurHead()
{
    PullPlanner planner(kBatch, kTimeout);
    planner.setLocalHeads(heads({{'a', 5}}));
    QSet<QByteArray> ignored;
    const auto pulls = planner.plan(1, heads({{'a', 30}, {'b', 3}}), ignored, 8, 0);
    QCOMPARE(pulls.size(), 2);
    QCOMPARE(pulls[0].author, key('a'));
    QCOMPARE(pulls[0].fromSeq, 6u);
    QCOMPARE(pulls[0].toSeq, 15u); // one batch
    QCOMPARE(pulls[1].author, key('b'));
    QCOMPARE(pulls[1].fromSeq, 1u);
    QCOMPARE(pulls[1].toSeq, 3u);
    QVERIFY(!pulls[0].probe && !pulls[1].probe);
}

void TestGossipPlanner::aFeedIsPulledFromOnePeerAtATime()
{
    PullPlanner planner(kBatch, kTimeout);
    QSet<QByteArray> ignored;
    QCOMPARE(planner.plan(1, heads({{'a', 30}}), ignored, 1, 0).size(), 1);
    QVERIFY(planner.plan(2, heads({{'a', 30}}), ignored, 8, 10).isEmpty());
}

void TestGossipPlanner::pipelinesBatchesFromTheSamePeer()
{
    PullPlanner planner(kBatch, kTimeout);
    QSet<QByteArray> ignored;
    QCOMPARE(planner.plan(1, heads({{'a', 25}}), ignored, 1, 0).first().toSeq, 10u);
    const auto next = planner.plan(1, heads({{'a', 25}}), ignored, 1, 0);
    QCOMPARE(next.first().fromSeq, 11u);
    QCOMPARE(next.first().toSeq, 20u);
}

void TestGossipPlanner::anotherPeerTakesOverAfterTheTimeout()
{
    PullPlanner planner(kBatch, kTimeout);
    QSet<QByteArray> ignored;
    planner.plan(1, heads({{'a', 30}}), ignored, 1, 0);
    const auto takeover = planner.plan(2, heads({{'a', 30}}), ignored, 1, kTimeout + 1);
    QCOMPARE(takeover.size(), 1);
    QCOMPARE(takeover.first().fromSeq, 1u);
}

void TestGossipPlanner::answeredOrReleasedFeedsArePulledAgain()
{
    PullPlanner planner(kBatch, kTimeout);
    QSet<QByteArray> ignored;
    const auto first = planner.plan(1, heads({{'a', 30}}), ignored, 1, 0).first();
    planner.noteStored(key('a'), 10, hash('x'));
    planner.answered(1, first, 0);
    const auto second = planner.plan(2, heads({{'a', 30}}), ignored, 1, 0);
    QCOMPARE(second.size(), 1);
    QCOMPARE(second.first().fromSeq, 11u);
    planner.release(key('a'));
    QCOMPARE(planner.plan(3, heads({{'a', 30}}), ignored, 1, 0).size(), 1);
}

void TestGossipPlanner::forgottenPeerFreesItsFeeds()
{
    PullPlanner planner(kBatch, kTimeout);
    QSet<QByteArray> ignored;
    planner.plan(1, heads({{'a', 30}}), ignored, 1, 0);
    planner.forgetPeer(1);
    QCOMPARE(planner.plan(2, heads({{'a', 30}}), ignored, 1, 0).size(), 1);
}

void TestGossipPlanner::sameSeqOtherHashIsProbedOnce()
{
    PullPlanner planner(kBatch, kTimeout);
    planner.setLocalHeads(heads({{'a', 7}}, 'm'));
    QSet<QByteArray> ignored;
    const auto pulls = planner.plan(1, heads({{'a', 7}}, 't'), ignored, 8, 0);
    QCOMPARE(pulls.size(), 1);
    QVERIFY(pulls.first().probe);
    QCOMPARE(pulls.first().fromSeq, 7u);
    QCOMPARE(pulls.first().toSeq, 7u);
    QVERIFY(ignored.contains(key('a')));
    QVERIFY(planner.plan(1, heads({{'a', 7}}, 't'), ignored, 8, 0).isEmpty());
    // Same head, same hash: nothing to do.
    QSet<QByteArray> none;
    QVERIFY(planner.plan(2, heads({{'a', 7}}, 'm'), none, 8, 0).isEmpty());
}

void TestGossipPlanner::respectsSlotsAndIgnoredFeeds()
{
    PullPlanner planner(kBatch, kTimeout);
    QSet<QByteArray> ignored{key('a')};
    const auto pulls = planner.plan(1, heads({{'a', 3}, {'b', 3}, {'c', 3}}), ignored, 1, 0);
    QCOMPARE(pulls.size(), 1);
    QCOMPARE(pulls.first().author, key('b'));
}

void TestGossipPlanner::newsAndLead()
{
    PullPlanner planner(kBatch, kTimeout);
    planner.setLocalHeads(heads({{'a', 5}, {'b', 9}}));
    QVERIFY(planner.hasNewsFor(heads({{'a', 5}})));           // lacks b
    QVERIFY(planner.hasNewsFor(heads({{'a', 4}, {'b', 9}}))); // behind on a
    QVERIFY(!planner.hasNewsFor(heads({{'a', 5}, {'b', 12}})));
    QCOMPARE(planner.leadOf(heads({{'a', 5}, {'b', 12}, {'c', 2}})), 3u);
    QCOMPARE(planner.leadOf(heads({{'a', 1}})), 0u);
}

void TestGossipPlanner::messagesRoundTrip()
{
    const auto parsedHeads = gossip::parseHeads(gossip::makeHeads(heads({{'a', 5}}), true));
    QVERIFY2(parsedHeads.ok(), qPrintable(parsedHeads.error()));
    QVERIFY(parsedHeads->reply);
    QCOMPARE(parsedHeads->heads, heads({{'a', 5}}));

    const auto pull = gossip::parseRangePull(gossip::makeRangePull({key('a'), 3, 9, false}));
    QVERIFY(pull.ok());
    QCOMPARE(pull->fromSeq, 3u);
    QCOMPARE(pull->toSeq, 9u);

    const QList<QByteArray> events{QByteArray("one"), QByteArray("two")};
    QCOMPARE(gossip::parseEvents(gossip::makeEvents(events)).value(), events);

    const QCborMap proof{{QStringLiteral("a"), QByteArray("x")}};
    const QCborMap message = gossip::makeForkProof(proof);
    QVERIFY(message::validate(message).ok());
    QCOMPARE(message::typeName(*message::typeOf(message)), QStringLiteral("fork_proof"));
    QCOMPARE(gossip::parseForkProof(message).value(), proof);
}

void TestGossipPlanner::malformedMessagesAreRefused()
{
    QCborMap shortKey;
    shortKey.insert(QCborValue(QByteArray(5, 'k')), QCborArray{1, QByteArray(32, 'h')});
    QVERIFY(!gossip::parseHeads(
                 message::make(MessageType::Heads, {{QStringLiteral("heads"), shortKey}}))
                 .ok());
    QCborMap seqZero;
    seqZero.insert(QCborValue(key('a')), QCborArray{0, QByteArray(32, 'h')});
    QVERIFY(
        !gossip::parseHeads(message::make(MessageType::Heads, {{QStringLiteral("heads"), seqZero}}))
             .ok());
    QVERIFY(!gossip::parseRangePull(gossip::makeRangePull({key('a'), 9, 3, false})).ok());
    QVERIFY(!gossip::parseRangePull(gossip::makeRangePull({key('a'), 0, 3, false})).ok());
    QVERIFY(!gossip::parseEvents(
                 message::make(MessageType::Events, {{QStringLiteral("events"), QCborArray{1, 2}}}))
                 .ok());
    QVERIFY(!gossip::parseHeads(gossip::makeEvents({})).ok());
}

QTEST_GUILESS_MAIN(TestGossipPlanner)
#include "test_gossip_planner.moc"
