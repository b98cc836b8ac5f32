#include "db/Database.h"
#include "node/Lifecycle.h"
#include "node/NodeRepository.h"
#include "util/Clock.h"

#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

using namespace streamsync;

namespace {

using S = LifecycleState;
using Edge = std::tuple<S, S, Actor>;

// QCOMPARE cannot take a LifecycleState: its unqualified toString() call finds
// streamsync::toString(LifecycleState) by argument-dependent lookup, which returns a QString rather
// than the char * QTest expects. States are therefore compared by name, which also reads well.
QString names(const QList<S> &states)
{
    QStringList result;
    for (S state : states)
        result.append(toString(state));
    return result.join(QLatin1Char(','));
}

const QList<Actor> kActors{Actor::Operator, Actor::Protocol, Actor::Node};

// The legal edges of DESIGN §5, written out independently of the implementation's table.
QList<Edge> legalEdges()
{
    QList<Edge> edges;
    const QList<std::pair<S, S>> anyone{{S::Provisioning, S::Stopped}, {S::Stopped, S::Starting},
                                        {S::Starting, S::Online},      {S::Online, S::Paused},
                                        {S::Paused, S::Online},        {S::Online, S::Draining},
                                        {S::Paused, S::Draining},      {S::Draining, S::Exited},
                                        {S::Exited, S::Retired},       {S::Failed, S::Stopped}};
    for (const auto &[from, to] : anyone) {
        for (Actor who : kActors)
            edges.append({from, to, who});
    }
    for (S from : allLifecycleStates()) {
        for (Actor who : kActors) {
            if (from != S::Retired && from != S::Failed)
                edges.append({from, S::Failed, who});
        }
    }
    for (S from : {S::Starting, S::Online, S::Paused})
        edges.append({from, S::Suspended, Actor::Protocol});
    for (S to : {S::Stopped, S::Draining})
        edges.append({S::Suspended, to, Actor::Operator});
    return edges;
}

NodeRecord sampleNode(const QString &id, const QString &name)
{
    NodeRecord node;
    node.id = id;
    node.name = name;
    node.folder = QStringLiteral("/srv/streamsync/") + name;
    node.quotaBytes = 10'000'000'000;
    node.publicKey = QByteArray(32, '\x07');
    return node;
}

} // namespace

Q_DECLARE_METATYPE(streamsync::LifecycleState)
Q_DECLARE_METATYPE(streamsync::Actor)

class TestLifecycle : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeRepository> m_repo;
    int m_fileCounter = 0;
    QString m_path;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Each repository test starts from its own new file.
    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("node-%1.db").arg(++m_fileCounter));
        auto opened = Database::open(m_path, Database::OpenMode::CreateIfMissing);
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        m_db = std::move(opened).value();
        m_repo = std::make_unique<NodeRepository>(*m_db, m_clock);
    }
    void cleanup()
    {
        m_repo.reset();
        m_db.reset();
    }

    void everyLegalEdgeIsAccepted()
    {
        for (const auto &[from, to, who] : legalEdges()) {
            const Result<void> checked = checkTransition(from, to, who);
            QVERIFY2(checked.ok(), qPrintable(checked.error()));
            QVERIFY(allowedTargets(from, who).contains(to));
        }
    }

    void everythingElseIsRefused()
    {
        QSet<QString> legal;
        for (const auto &[from, to, who] : legalEdges())
            legal.insert(toString(from) + toString(to) + toString(who));
        for (S from : allLifecycleStates()) {
            for (S to : allLifecycleStates()) {
                for (Actor who : kActors) {
                    if (legal.contains(toString(from) + toString(to) + toString(who)))
                        continue;
                    const Result<void> checked = checkTransition(from, to, who);
                    QVERIFY(!checked.ok());
                    QVERIFY2(checked.error().startsWith(QStringLiteral("cannot go from %1 to %2")
                                                            .arg(toString(from), toString(to))),
                             qPrintable(checked.error()));
                    QVERIFY(!allowedTargets(from, who).contains(to));
                }
            }
        }
    }

    void illegalEdgesExplainWhatIsAllowed_data()
    {
        QTest::addColumn<S>("from");
        QTest::addColumn<S>("to");
        QTest::addColumn<Actor>("who");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, S from, S to, Actor who, const char *message) {
            QTest::newRow(name) << from << to << who << QString::fromUtf8(message);
        };
        row("stopped-paused", S::Stopped, S::Paused, Actor::Operator,
            "cannot go from Stopped to Paused; from Stopped a node can go to: Starting, Failed");
        row("provisioning-online", S::Provisioning, S::Online, Actor::Operator,
            "cannot go from Provisioning to Online; from Provisioning a node can go to: Stopped, "
            "Failed");
        row("online-online", S::Online, S::Online, Actor::Node,
            "cannot go from Online to Online; from Online a node can go to: Paused, Draining, "
            "Failed");
        row("draining-online", S::Draining, S::Online, Actor::Operator,
            "cannot go from Draining to Online; from Draining a node can go to: Exited, Failed");
        row("exited-starting", S::Exited, S::Starting, Actor::Operator,
            "cannot go from Exited to Starting; from Exited a node can go to: Retired, Failed");
        row("failed-online", S::Failed, S::Online, Actor::Operator,
            "cannot go from Failed to Online; from Failed a node can go to: Stopped");
        row("failed-failed", S::Failed, S::Failed, Actor::Node,
            "cannot go from Failed to Failed; from Failed a node can go to: Stopped");
        row("retired-stopped", S::Retired, S::Stopped, Actor::Operator,
            "cannot go from Retired to Stopped; Retired is final; a node cannot leave it");
        row("retired-failed", S::Retired, S::Failed, Actor::Node,
            "cannot go from Retired to Failed; Retired is final; a node cannot leave it");
        row("operator-suspends", S::Online, S::Suspended, Actor::Operator,
            "cannot go from Online to Suspended: only the protocol can suspend a node; from "
            "Online a node can go to: Paused, Draining, Failed");
        row("node-suspends", S::Starting, S::Suspended, Actor::Node,
            "cannot go from Starting to Suspended: only the protocol can suspend a node; from "
            "Starting a node can go to: Online, Failed");
        row("protocol-lifts", S::Suspended, S::Stopped, Actor::Protocol,
            "cannot go from Suspended to Stopped: only the operator can lift a suspension; from "
            "Suspended a node can go to: Failed");
        row("suspend-stopped", S::Stopped, S::Suspended, Actor::Protocol,
            "cannot go from Stopped to Suspended; from Stopped a node can go to: Starting, Failed");
        row("suspended-online", S::Suspended, S::Online, Actor::Operator,
            "cannot go from Suspended to Online; from Suspended a node can go to: Stopped, "
            "Draining, Failed");
    }
    void illegalEdgesExplainWhatIsAllowed()
    {
        QFETCH(S, from);
        QFETCH(S, to);
        QFETCH(Actor, who);
        QFETCH(QString, message);
        const Result<void> checked = checkTransition(from, to, who);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error(), message);
    }

    void retiredIsTerminal()
    {
        for (Actor who : kActors)
            QVERIFY(allowedTargets(S::Retired, who).isEmpty());
    }

    void onlyTheProtocolSuspends()
    {
        QCOMPARE(names(allowedTargets(S::Online, Actor::Protocol)),
                 QStringLiteral("Paused,Draining,Failed,Suspended"));
        QVERIFY(!allowedTargets(S::Online, Actor::Operator).contains(S::Suspended));
    }

    void namesRoundTrip()
    {
        for (S state : allLifecycleStates())
            QVERIFY(lifecycleStateFromString(toString(state)) == state);
        QCOMPARE(toString(S::Provisioning), QStringLiteral("Provisioning"));
        QVERIFY(!lifecycleStateFromString(QStringLiteral("online")).has_value());
        for (Actor who : kActors)
            QVERIFY(actorFromString(toString(who)) == who);
    }

    void addNodeStoresItInProvisioning()
    {
        m_clock.setMs(1'000);
        NodeRecord wanted = sampleNode(QStringLiteral("ab01"), QStringLiteral("alpha"));
        wanted.state = S::Online; // ignored: every node starts in Provisioning
        const Result<NodeRecord> added = m_repo->addNode(wanted);
        QVERIFY2(added.ok(), qPrintable(added.error()));
        QCOMPARE(toString(added->state), toString(S::Provisioning));
        QCOMPARE(added->createdMs, qint64(1'000));

        const Result<NodeRecord> stored = m_repo->node(QStringLiteral("ab01"));
        QVERIFY2(stored.ok(), qPrintable(stored.error()));
        QCOMPARE(stored->name, QStringLiteral("alpha"));
        QCOMPARE(stored->folder, wanted.folder);
        QCOMPARE(stored->quotaBytes, wanted.quotaBytes);
        QCOMPARE(stored->usedBytes, qint64(0));
        QCOMPARE(stored->publicKey, wanted.publicKey);
        QCOMPARE(toString(stored->state), toString(S::Provisioning));

        const auto history = m_repo->history(QStringLiteral("ab01"));
        QVERIFY2(history.ok(), qPrintable(history.error()));
        QCOMPARE(history->size(), 1);
        QCOMPARE(toString(history->first().from), toString(S::Provisioning));
        QCOMPARE(toString(history->first().to), toString(S::Provisioning));
        QCOMPARE(history->first().why, QStringLiteral("created"));
        QCOMPARE(history->first().atMs, qint64(1'000));
        QCOMPARE(m_repo->nodes()->size(), 1);
    }

    void addNodeRefusesBadInput()
    {
        QVERIFY(m_repo->addNode(sampleNode(QStringLiteral("ab01"), QStringLiteral("alpha"))).ok());

        const auto sameName =
            m_repo->addNode(sampleNode(QStringLiteral("cd02"), QStringLiteral("alpha")));
        QCOMPARE(sameName.error(), QStringLiteral("a node named alpha already exists"));
        const auto sameId =
            m_repo->addNode(sampleNode(QStringLiteral("ab01"), QStringLiteral("beta")));
        QCOMPARE(sameId.error(), QStringLiteral("a node with id ab01 already exists"));

        for (qint64 quota : {qint64(0), qint64(-5)}) {
            NodeRecord node = sampleNode(QStringLiteral("ef03"), QStringLiteral("gamma"));
            node.quotaBytes = quota;
            const auto added = m_repo->addNode(node);
            QVERIFY(!added.ok());
            QVERIFY2(added.error().contains(QLatin1String("quota")), qPrintable(added.error()));
        }
        QCOMPARE(m_repo->nodes()->size(), 1);
    }

    void unknownNodeIsNamed()
    {
        const QString expected = QStringLiteral("unknown node id: ffff");
        QCOMPARE(m_repo->node(QStringLiteral("ffff")).error(), expected);
        QCOMPARE(m_repo->history(QStringLiteral("ffff")).error(), expected);
        QCOMPARE(m_repo->transition(QStringLiteral("ffff"), S::Stopped, QString(), Actor::Operator)
                     .error(),
                 expected);
    }

    void legalPathIsRecordedInOrder()
    {
        const QString id = QStringLiteral("ab01");
        m_clock.setMs(10'000);
        QVERIFY(m_repo->addNode(sampleNode(id, QStringLiteral("alpha"))).ok());
        const QList<std::tuple<S, Actor, QString>> path{
            {S::Stopped, Actor::Operator, QStringLiteral("provisioned")},
            {S::Starting, Actor::Operator, QStringLiteral("start")},
            {S::Online, Actor::Node, QStringLiteral("listening")},
            {S::Paused, Actor::Operator, QStringLiteral("maintenance")},
            {S::Online, Actor::Operator, QStringLiteral("back")},
            {S::Draining, Actor::Operator, QStringLiteral("leaving")},
            {S::Exited, Actor::Node, QStringLiteral("drained")},
            {S::Retired, Actor::Operator, QStringLiteral("unbonded")}};
        for (const auto &[to, who, why] : path) {
            m_clock.advanceMs(1'000);
            const Result<NodeRecord> moved = m_repo->transition(id, to, why, who);
            QVERIFY2(moved.ok(), qPrintable(moved.error()));
            QCOMPARE(toString(moved->state), toString(to));
        }

        const auto history = m_repo->history(id);
        QVERIFY2(history.ok(), qPrintable(history.error()));
        QCOMPARE(history->size(), path.size() + 1);
        S previous = S::Provisioning;
        for (int i = 0; i < path.size(); ++i) {
            const Transition &row = history->at(i + 1);
            QCOMPARE(row.nodeId, id);
            QCOMPARE(toString(row.from), toString(previous));
            QCOMPARE(toString(row.to), toString(std::get<0>(path[i])));
            QVERIFY(row.who == std::get<1>(path[i]));
            QCOMPARE(row.why, std::get<2>(path[i]));
            QCOMPARE(row.atMs, qint64(10'000 + 1'000 * (i + 1)));
            previous = row.to;
        }
        QCOMPARE(toString(m_repo->node(id)->state), toString(S::Retired));
    }

    void illegalTransitionChangesNothing()
    {
        const QString id = QStringLiteral("ab01");
        QVERIFY(m_repo->addNode(sampleNode(id, QStringLiteral("alpha"))).ok());
        QVERIFY(m_repo->transition(id, S::Stopped, QStringLiteral("ready"), Actor::Operator).ok());
        const auto before = m_repo->history(id);

        const auto refused =
            m_repo->transition(id, S::Paused, QStringLiteral("why not"), Actor::Operator);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(
                     QLatin1String("cannot go from Stopped to Paused; from Stopped a node can go "
                                   "to: Starting, Failed")),
                 qPrintable(refused.error()));
        const auto suspended =
            m_repo->transition(id, S::Suspended, QStringLiteral("x"), Actor::Operator);
        QVERIFY(!suspended.ok());

        QCOMPARE(toString(m_repo->node(id)->state), toString(S::Stopped));
        QCOMPARE(m_repo->history(id)->size(), before->size());
    }

    void failedNeedsAReason()
    {
        const QString id = QStringLiteral("ab01");
        QVERIFY(m_repo->addNode(sampleNode(id, QStringLiteral("alpha"))).ok());
        for (const QString &why : {QString(), QStringLiteral("   ")}) {
            const auto refused = m_repo->transition(id, S::Failed, why, Actor::Node);
            QVERIFY(!refused.ok());
            QVERIFY2(refused.error().contains(QLatin1String("reason")),
                     qPrintable(refused.error()));
        }
        QCOMPARE(m_repo->history(id)->size(), 1);

        const auto failed =
            m_repo->transition(id, S::Failed, QStringLiteral("disk full"), Actor::Node);
        QVERIFY2(failed.ok(), qPrintable(failed.error()));
        QCOMPARE(m_repo->history(id)->last().why, QStringLiteral("disk full"));
        QVERIFY(m_repo->transition(id, S::Stopped, QString(), Actor::Operator).ok());
        QCOMPARE(m_repo->history(id)->last().why, QString());
    }

    void stateSurvivesReopening()
    {
        const QString id = QStringLiteral("ab01");
        QVERIFY(m_repo->addNode(sampleNode(id, QStringLiteral("alpha"))).ok());
        for (S to : {S::Stopped, S::Starting, S::Online})
            QVERIFY(m_repo->transition(id, to, QStringLiteral("go"), Actor::Operator).ok());
        cleanup();

        auto reopened = Database::open(m_path, Database::OpenMode::ExistingOnly);
        QVERIFY2(reopened.ok(), qPrintable(reopened.error()));
        NodeRepository repo(*reopened.value(), m_clock);
        QCOMPARE(toString(repo.node(id)->state), toString(S::Online));
        QCOMPARE(repo.history(id)->size(), 4);
        QCOMPARE(toString(repo.history(id)->last().to), toString(S::Online));
    }
};

QTEST_GUILESS_MAIN(TestLifecycle)
#include "test_lifecycle.moc"
