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

class TestOperatorService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>();

    std::unique_ptr<OperatorService> makeService()
    {
        return makeOperatorService({m_dir.filePath(QStringLiteral("profile")),
                                    std::make_shared<ScryptCost>(ScryptCost::fastForTests()),
                                    m_clock});
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

        const auto history = await(service->history(node->id));
        QCOMPARE(history->size(), 4); // created, →Stopped, →Starting, →Online
        QCOMPARE(toString(history->at(3).who), toString(Actor::Node));
        QCOMPARE(toString(history->at(2).from), toString(LifecycleState::Stopped));
    }

    void secondStartUnlocksAndRefusesWrongPassphrase()
    {
        auto service = makeService();
        QVERIFY(await(service->open())->hasOperatorKey);
        const auto wrong = await(service->unlock(QStringLiteral("not it at all")));
        QVERIFY(wrong.error().contains(QStringLiteral("wrong passphrase")));
        QVERIFY(await(service->unlock(kPass)).ok());
        const auto nodes = await(service->nodes());
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
        QCOMPARE(await(service->nodes())->size(), 1);
    }

    void missingFolderFailsTheStartWithItsReasonAndRestartRecovers()
    {
        auto service = makeService();
        QVERIFY(await(service->open()).ok());
        QVERIFY(await(service->unlock(kPass)).ok());
        const auto node =
            await(service->addNode({QStringLiteral("usb"), folder(QStringLiteral("usb")), 1}));
        QVERIFY(node.ok());
        QVERIFY(QDir(folder(QStringLiteral("usb"))).removeRecursively());
        const auto failed = await(service->changeState(node->id, LifecycleState::Starting, {}));
        QCOMPARE(toString(failed->state), toString(LifecycleState::Failed));
        const auto history = await(service->history(node->id));
        QVERIFY(history->last().why.contains(QStringLiteral("missing")));

        const auto illegal = await(service->changeState(node->id, LifecycleState::Online, {}));
        QVERIFY(illegal.error().contains(QStringLiteral("Stopped")));
        QCOMPARE(
            toString(await(service->changeState(node->id, LifecycleState::Stopped, {}))->state),
            toString(LifecycleState::Stopped));
    }

    void drainWithoutDataExitsThenRetires()
    {
        auto service = makeService();
        QVERIFY(await(service->open()).ok());
        QVERIFY(await(service->unlock(kPass)).ok());
        const QString id = await(service->nodes())->first().id;
        QCOMPARE(toString(await(service->changeState(id, LifecycleState::Paused, {}))->state),
                 toString(LifecycleState::Paused));
        QCOMPARE(toString(await(service->changeState(id, LifecycleState::Draining, {}))->state),
                 toString(LifecycleState::Exited));
        QCOMPARE(toString(await(service->changeState(id, LifecycleState::Retired, {}))->state),
                 toString(LifecycleState::Retired));
        const auto again = await(service->changeState(id, LifecycleState::Starting, {}));
        QVERIFY(!again.ok());
    }

    void diskSpaceLooksAtTheNearestExistingFolder()
    {
        auto service = makeService();
        const auto space = await(service->diskSpace(folder(QStringLiteral("not/yet/there"))));
        QVERIFY2(space.ok(), qPrintable(space.error()));
        QVERIFY(space->freeBytes > 0);
        QVERIFY(space->totalBytes >= space->freeBytes);
    }
};

QTEST_GUILESS_MAIN(TestOperatorService)
#include "test_operator_service.moc"
