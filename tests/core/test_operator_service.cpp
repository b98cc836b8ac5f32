#include "crypto/KeyFile.h"
#include "interfaces/OperatorService.h"
#include "util/Clock.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;
using namespace streamsync::interfaces;

namespace {

// Results come back through continuations on this thread, so wait by spinning the event loop
// rather than blocking on the future.
template <typename T> Result<T> await(QFuture<Result<T>> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 20000))
        return fail(QStringLiteral("timed out"));
    return future.result();
}

const QString kPass = QStringLiteral("a long enough passphrase");

} // namespace

// Awaits `call` into `var` and fails the test with the service's message when it returned an
// error, so a later `var->` never reads an empty result.
#define AWAIT_OK(var, call)                                                                        \
    const auto var = await(call);                                                                  \
    QVERIFY2(var.ok(), qPrintable(var.error()))

class TestOperatorService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>();

    // Without the embedded local network (test_operator_market runs it): a node started here
    // runs as a `streamsync-node run` process on its own.
    static std::unique_ptr<OperatorService> makeService(const QString &dir, const ScryptCost &cost,
                                                        std::shared_ptr<const Clock> clock)
    {
        OperatorServiceConfig config;
        config.profileDir = dir;
        config.kdfCost = std::make_shared<ScryptCost>(cost);
        config.clock = std::move(clock);
        config.embeddedNetwork = false;
        return makeOperatorService(config);
    }

    std::unique_ptr<OperatorService> makeService()
    {
        return makeService(m_dir.filePath(QStringLiteral("profile")), ScryptCost::fastForTests(),
                           m_clock);
    }

    QString folder(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void firstStartCreatesKeyAndNodes()
    {
        auto service = makeService();
        const auto opened = await(service->open());
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        QVERIFY(!opened->hasOperatorKey);

        const auto locked =
            await(service->addNode({QStringLiteral("n"), folder(QStringLiteral("x")), 1}));
        QVERIFY(locked.error().contains(QStringLiteral("unlock the operator key first")));

        const auto created = await(service->createOperatorKey(kPass));
        QVERIFY2(created.ok(), qPrintable(created.error()));
        QVERIFY(created->hasOperatorKey);
        QCOMPARE(created->operatorShortId.size(), 19);

        QSignalSpy changed(service.get(), &OperatorService::nodeChanged);
        const auto node = await(
            service->addNode({QStringLiteral(" Desk "), folder(QStringLiteral("desk")), 1 << 20}));
        QVERIFY2(node.ok(), qPrintable(node.error()));
        QCOMPARE(node->name, QStringLiteral("Desk"));
        QCOMPARE(toString(node->state), toString(LifecycleState::Stopped));
        QCOMPARE(changed.size(), 1);
        QVERIFY(QFile::exists(
            QDir(folder(QStringLiteral("desk"))).filePath(QStringLiteral("node.key"))));

        const auto online = await(service->changeState(node->id, LifecycleState::Starting, {}));
        QVERIFY2(online.ok(), qPrintable(online.error()));
        QCOMPARE(toString(online->state), toString(LifecycleState::Online));

        AWAIT_OK(history, service->history(node->id));
        QCOMPARE(history->size(), 4); // created, →Stopped, →Starting, →Online
        QCOMPARE(toString(history->at(3).who), toString(Actor::Node));
        QCOMPARE(toString(history->at(2).from), toString(LifecycleState::Stopped));
    }

    void secondStartUnlocksAndRefusesWrongPassphrase()
    {
        auto service = makeService();
        AWAIT_OK(opened, service->open());
        QVERIFY(opened->hasOperatorKey);
        const auto wrong = await(service->unlock(QStringLiteral("not it at all")));
        QVERIFY(wrong.error().contains(QStringLiteral("wrong passphrase")));
        QVERIFY(await(service->unlock(kPass)).ok());
        AWAIT_OK(nodes, service->nodes());
        QCOMPARE(nodes->size(), 1);
        QCOMPARE(toString(nodes->first().state), toString(LifecycleState::Online));
    }

    void badNodeRequestsAreRefused()
    {
        auto service = makeService();
        QVERIFY(await(service->open()).ok());
        QVERIFY(await(service->unlock(kPass)).ok());
        const auto tooBig =
            await(service->addNode({QStringLiteral("big"), folder(QStringLiteral("big")),
                                    std::numeric_limits<qint64>::max()}));
        QVERIFY2(tooBig.error().contains(QStringLiteral("free")), qPrintable(tooBig.error()));
        const auto reused =
            await(service->addNode({QStringLiteral("again"), folder(QStringLiteral("desk")), 1}));
        QVERIFY2(reused.error().contains(QStringLiteral("already holds a node")),
                 qPrintable(reused.error()));
        const auto sameName =
            await(service->addNode({QStringLiteral("Desk"), folder(QStringLiteral("other")), 1}));
        QVERIFY2(sameName.error().contains(QStringLiteral("already exists")),
                 qPrintable(sameName.error()));
        const auto relative =
            await(service->addNode({QStringLiteral("rel"), QStringLiteral("rel/dir"), 1}));
        QVERIFY(relative.error().contains(QStringLiteral("absolute")));
        AWAIT_OK(nodes, service->nodes());
        QCOMPARE(nodes->size(), 1);
    }

    void missingFolderFailsTheStartWithItsReasonAndRestartRecovers()
    {
        auto service = makeService();
        QVERIFY(await(service->open()).ok());
        QVERIFY(await(service->unlock(kPass)).ok());
        AWAIT_OK(node, service->addNode({QStringLiteral("usb"), folder(QStringLiteral("usb")), 1}));
        QVERIFY(QDir(folder(QStringLiteral("usb"))).removeRecursively());
        AWAIT_OK(failed, service->changeState(node->id, LifecycleState::Starting, {}));
        QCOMPARE(toString(failed->state), toString(LifecycleState::Failed));
        AWAIT_OK(history, service->history(node->id));
        QVERIFY(history->last().why.contains(QStringLiteral("missing")));

        const auto illegal = await(service->changeState(node->id, LifecycleState::Online, {}));
        QVERIFY(illegal.error().contains(QStringLiteral("Stopped")));
        AWAIT_OK(restarted, service->changeState(node->id, LifecycleState::Stopped, {}));
        QCOMPARE(toString(restarted->state), toString(LifecycleState::Stopped));
    }

    void drainWithoutDataExitsThenRetires()
    {
        auto service = makeService();
        QVERIFY(await(service->open()).ok());
        QVERIFY(await(service->unlock(kPass)).ok());
        AWAIT_OK(nodes, service->nodes());
        QVERIFY(!nodes->isEmpty());
        const QString id = nodes->first().id;
        AWAIT_OK(paused, service->changeState(id, LifecycleState::Paused, {}));
        QCOMPARE(toString(paused->state), toString(LifecycleState::Paused));
        AWAIT_OK(drained, service->changeState(id, LifecycleState::Draining, {}));
        QCOMPARE(toString(drained->state), toString(LifecycleState::Exited));
        AWAIT_OK(retired, service->changeState(id, LifecycleState::Retired, {}));
        QCOMPARE(toString(retired->state), toString(LifecycleState::Retired));
        const auto again = await(service->changeState(id, LifecycleState::Starting, {}));
        QVERIFY(!again.ok());
    }

    void diskSpaceLooksAtTheNearestExistingFolder()
    {
        auto service = makeService();
        AWAIT_OK(space, service->diskSpace(folder(QStringLiteral("not/yet/there"))));
        QVERIFY(space->freeBytes > 0);
        QVERIFY(space->totalBytes >= space->freeBytes);
    }

    // Destroying the service closes the profile on the worker, after the work already queued:
    // a call still waiting behind a slow key derivation finds the profile open.
    void destroyingTheServiceFinishesQueuedWorkFirst()
    {
        auto service = makeService(m_dir.filePath(QStringLiteral("slow-profile")),
                                   ScryptCost::interactive(), m_clock);
        QVERIFY(await(service->open()).ok());
        const auto created = service->createOperatorKey(kPass); // keeps the worker busy
        const auto listed = service->nodes();                   // queued behind it
        service.reset();
        QVERIFY(created.isFinished() && listed.isFinished());
        QVERIFY2(created.result().ok(), qPrintable(created.result().error()));
        QVERIFY2(listed.result().ok(), qPrintable(listed.result().error()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorService)
#include "test_operator_service.moc"
