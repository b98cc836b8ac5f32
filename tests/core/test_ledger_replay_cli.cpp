#include "test_ledger_kit.h"

#include "db/Database.h"
#include "ledger/NetworkConfig.h"
#include "log/EventStore.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;
using namespace ledgertest;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STREAMSYNC_TEST_FAST_KDF"), QStringLiteral("1"));
    env.insert(QStringLiteral("STREAMSYNC_PASSPHRASE"), QStringLiteral("ledger test passphrase"));
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(STREAMSYNC_NODE_BIN), arguments);
    Run result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

// `streamsync-node log replay`: the real binary rebuilds the ledger tables of a node's database
// from its log, and says why when it cannot.
class TestLedgerReplayCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.emplace().isValid());
        // Fresh feeds for every test: each test's node starts from an empty log.
        m_genesis = Signer(100);
        m_alice = Signer(1);
        m_bob = Signer(2);
        m_data = m_dir->filePath(QStringLiteral("node"));
        const Run made =
            run({QStringLiteral("init"), QStringLiteral("--data"), m_data, QStringLiteral("--name"),
                 QStringLiteral("alpha"), QStringLiteral("--quota"), QStringLiteral("1GB")});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        const NetworkConfig network{m_genesis.pub(), smallParams()};
        QVERIFY(network.save(m_data + QStringLiteral("/network.json")).ok());
        // A market beside the node's own feed: a genesis, a transfer, epoch 0 closed.
        Ledger ledger(LedgerConfig{smallParams(), m_genesis.pub()});
        QList<Event> events{
            m_genesis.sign(EventKind::Genesis,
                           genesisBody(smallParams(), {{m_alice.pub(), Money::fromMicro(900)}}),
                           kStart),
            m_alice.sign(EventKind::Transfer, transferBody(m_bob.pub(), 400), kStart + 10)};
        for (const Event &e : events)
            QVERIFY(ledger.add(e));
        events.append(m_genesis.sign(EventKind::EpochClose,
                                     ledger.prepareClose(0, m_genesis.pub()).value(),
                                     ledger.closeDueMs(0, 0)));
        auto db = Database::open(m_data + QStringLiteral("/node.sqlite"),
                                 Database::OpenMode::ExistingOnly);
        QVERIFY(db.ok());
        EventStore store(**db, 1 << 16);
        for (const Event &e : events)
            QVERIFY(store.accept(e.encoded()).ok());
    }

    void replayRebuildsTheTables()
    {
        const Run replayed = run(
            {QStringLiteral("log"), QStringLiteral("replay"), QStringLiteral("--data"), m_data});
        QVERIFY2(replayed.exitCode == 0, qPrintable(replayed.err));
        QVERIFY2(replayed.out.startsWith(QStringLiteral("replayed 5 events")),
                 qPrintable(replayed.out)); // the node's announce and first transition, and ours
        QVERIFY(replayed.out.contains(QStringLiteral("events/s")));
        QVERIFY(replayed.out.contains(QStringLiteral("last closed epoch 0")));
        QCOMPARE(replayed.out.count(QLatin1Char('\n')), 1);
        auto db = Database::open(m_data + QStringLiteral("/node.sqlite"),
                                 Database::OpenMode::ExistingOnly);
        QVERIFY(db.ok());
        auto row = (*db)->query(QStringLiteral("SELECT balance FROM ledger_accounts WHERE "
                                               "account = ?"),
                                {m_bob.pub()});
        QVERIFY(row.ok() && row.value().next());
        QCOMPARE(row->value(0).toLongLong(), 400);
    }

    void missingNetworkFileFails()
    {
        const Run failed =
            run({QStringLiteral("log"), QStringLiteral("replay"), QStringLiteral("--data"), m_data,
                 QStringLiteral("--network"), m_dir->filePath(QStringLiteral("none.json"))});
        QCOMPARE(failed.exitCode, 2);
        QVERIFY2(failed.err.startsWith(QStringLiteral("streamsync-node: cannot read the network "
                                                      "file")),
                 qPrintable(failed.err));
        QCOMPARE(failed.err.count(QLatin1Char('\n')), 1);
        const Run usage = run({QStringLiteral("log"), QStringLiteral("replay")});
        QCOMPARE(usage.exitCode, 1);
    }

    void damagedLogFails()
    {
        {
            auto db = Database::open(m_data + QStringLiteral("/node.sqlite"),
                                     Database::OpenMode::ExistingOnly);
            QVERIFY(db.ok());
            // A stored event whose signature no longer matches: the replay names it.
            auto row = (*db)->query(QStringLiteral("SELECT bytes, hash FROM events WHERE author = "
                                                   "? AND seq = 1"),
                                    {m_alice.pub()});
            QVERIFY(row.ok() && row.value().next());
            QByteArray bytes = row->value(0).toByteArray();
            const QByteArray hash = row->value(1).toByteArray();
            bytes[bytes.size() - 70] = char(bytes[bytes.size() - 70] ^ 1);
            QVERIFY((*db)
                        ->query(QStringLiteral("UPDATE events SET bytes = ? WHERE hash = ?"),
                                {bytes, hash})
                        .ok());
        }
        const Run failed = run(
            {QStringLiteral("log"), QStringLiteral("replay"), QStringLiteral("--data"), m_data});
        QCOMPARE(failed.exitCode, 2);
        QVERIFY2(failed.err.startsWith(QStringLiteral("streamsync-node: replay failed: ")),
                 qPrintable(failed.err));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    QString m_data;
    Signer m_genesis{100}, m_alice{1}, m_bob{2};
};

QTEST_GUILESS_MAIN(TestLedgerReplayCli)
#include "test_ledger_replay_cli.moc"
