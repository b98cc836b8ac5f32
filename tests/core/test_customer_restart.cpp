#include "LocalCluster.h"

#include "console/ProjectionReader.h"
#include "console/ReputationQuery.h"
#include "console/ViewContext.h"
#include "customer/HeldReports.h"
#include "params/Parameters.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;

namespace {

constexpr int kCommandTimeoutMs = 60'000;
const QString kPassphrase = QStringLiteral("customer restart passphrase");

// Epochs long enough that the three short runs below fall into one.
Parameters longEpochs()
{
    Parameters p = Parameters::defaults();
    p.epochLengthMs = 600'000;
    p.maxChunkBytes = 64 * 1024;
    return p;
}

} // namespace

// A customer stopped and started again within one epoch, as the local network does when it
// admits a node (`customer load --hold-partial-epoch`), between real processes: the first runs
// hold their reports in the customer's folder, the last publishes one race report for the
// epoch, and the ledger refuses nothing. Without holding, the second run's report for the same
// epoch would be refused ("already reported") and its races lost.
class TestCustomerRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void interruptedRunsHoldTheirReports();
    void theLastRunPublishesOneWholeReport();
    void aRefusedSecondReportMovesNoScoreInTheConsole();

private:
    LocalCluster::CommandRun load(bool hold) const;
    qint64 scalar(const QString &sql) const;

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    QString m_network;
    QString m_customer;
    QByteArray m_customerKey;
};

void TestCustomerRestart::initTestCase()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    keepTestDirIfAsked(*m_dir);
    m_cluster.emplace(m_dir->path(), kPassphrase);
    QMap<QByteArray, Money> grants;
    for (int i = 0; i < 2; ++i)
        QVERIFY(m_cluster->addNode(QStringLiteral("node%1").arg(i)).ok());
    const auto customer = m_cluster->addCustomer(QStringLiteral("customer"));
    QVERIFY2(customer.ok(), qPrintable(customer.error()));
    m_customer = customer.value();
    m_customerKey = LocalCluster::customerKey(m_customer).value();
    grants.insert(m_customerKey, Money::fromMicro(1'000'000 * Money::kMicroPerCredit));
    const auto network = m_cluster->createNetwork(longEpochs(), grants);
    QVERIFY2(network.ok(), qPrintable(network.error()));
    m_network = network.value();
    QVERIFY(m_cluster->importGenesisToCustomer(m_customer).ok());
    for (int i = 0; i < 2; ++i) {
        const auto started =
            m_cluster->start(i, i == 0 ? QList<int>{} : QList<int>{0},
                             {QStringLiteral("--network"), m_network,
                              QStringLiteral("--offer-price"), QString::number(1000 + 100 * i)});
        QVERIFY2(started.ok(), qPrintable(started.error() + m_cluster->stderrText(i)));
    }
    QByteArray bytes(128 * 1024, Qt::Uninitialized);
    QRandomGenerator(11).fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    QFile file(m_dir->filePath(QStringLiteral("object.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
    file.close();
    const auto stored = m_cluster->runCommand(
        {QStringLiteral("customer"), QStringLiteral("store"), file.fileName(),
         QStringLiteral("--data"), m_customer, QStringLiteral("--network"), m_network,
         QStringLiteral("--replication"), QStringLiteral("2"), QStringLiteral("--peer"),
         m_cluster->peerArgument(0), QStringLiteral("--peer"), m_cluster->peerArgument(1)},
        kCommandTimeoutMs);
    QVERIFY2(stored.exitCode == 0, qPrintable(stored.err));
}

LocalCluster::CommandRun TestCustomerRestart::load(bool hold) const
{
    QStringList args{QStringLiteral("customer"),   QStringLiteral("load"),
                     QStringLiteral("--data"),     m_customer,
                     QStringLiteral("--network"),  m_network,
                     QStringLiteral("--rate"),     QStringLiteral("20"),
                     QStringLiteral("--duration"), QStringLiteral("3"),
                     QStringLiteral("--peer"),     m_cluster->peerArgument(0),
                     QStringLiteral("--peer"),     m_cluster->peerArgument(1)};
    if (hold)
        args << QStringLiteral("--hold-partial-epoch");
    return m_cluster->runCommand(args, kCommandTimeoutMs);
}

qint64 TestCustomerRestart::scalar(const QString &sql) const
{
    const auto values = m_cluster->column(0, sql);
    return values && !values->isEmpty() ? values->first().toLongLong() : -1;
}

void TestCustomerRestart::interruptedRunsHoldTheirReports()
{
    const QString held = HeldReports::pathIn(m_customer);
    for (int run = 0; run < 2; ++run) {
        const auto ran = load(true);
        QVERIFY2(ran.exitCode == 0, qPrintable(ran.out + ran.err));
        QVERIFY2(ran.err.contains(QLatin1String("held for the next run")), qPrintable(ran.err));
        QVERIFY(QFile::exists(held));
    }
    // Nothing of the epoch's races reached the log yet (the escrow did).
    QTest::qWait(1500);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'race_report'")),
             qint64(0));
}

void TestCustomerRestart::theLastRunPublishesOneWholeReport()
{
    const auto ran = load(false);
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.out + ran.err));
    QVERIFY(!QFile::exists(HeldReports::pathIn(m_customer)));
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'race_report'")), qint64(1),
        15'000);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM ledger_refusals WHERE kind = "
                                   "'race_report'")),
             qint64(0));
}

// A run without holding in the same epoch: its report is refused ("already reported"), and the
// Reputation view's "what moved the scores" lists only the report the ledger took.
void TestCustomerRestart::aRefusedSecondReportMovesNoScoreInTheConsole()
{
    const auto ran = load(false);
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.out + ran.err));
    QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM ledger_refusals WHERE "
                                                    "kind = 'race_report'")),
                              qint64(1), 15'000);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE kind = 'race_report'")),
             qint64(2));
    console::ViewContext context;
    context.folder = m_cluster->node(0).dir;
    context.nowMs = QDateTime::currentMSecsSinceEpoch();
    console::ProjectionReader reader;
    QVERIFY(reader.use(context));
    const auto series = console::ReputationQuery::run(reader, m_cluster->node(0).idHex, {});
    QVERIFY2(series, qPrintable(series.error()));
    const qsizetype raceCauses = std::count_if(series->causes.begin(), series->causes.end(),
                                               [](const interfaces::ReputationCause &c) {
                                                   return c.kind == QLatin1String("race_report");
                                               });
    QCOMPARE(raceCauses, qsizetype(1));
}

QTEST_GUILESS_MAIN(TestCustomerRestart)
#include "test_customer_restart.moc"
