#include "LocalCluster.h"

#include "crypto/NodeId.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace streamsync;

namespace {

constexpr int kHonest = 4;
constexpr int kCorrupt = kHonest; // the fifth node
constexpr qint64 kBond = 1000 * Money::kMicroPerCredit;
constexpr int kLoadSeconds = 14;
constexpr int kCommandTimeoutMs = 60'000;
const QString kPassphrase = QStringLiteral("market cluster passphrase");

Parameters shortEpochs()
{
    Parameters p = Parameters::defaults();
    p.epochLengthMs = 3000;
    p.closerTimeoutMs = 500;
    p.unbondingPeriodMs = 9000;
    p.maxChunkBytes = 64 * 1024; // a 192 KiB object in three chunks
    return p;
}

QString blob(const QByteArray &bytes)
{
    return QStringLiteral("X'%1'").arg(QString::fromLatin1(bytes.toHex()));
}

} // namespace

// The market between real processes (issue #5): a genesis, four honest nodes and one that signs
// corrupted answers (`run --test-corrupt-answers`), all bonded, with 3 s epochs; a customer stores
// an object on all five and races queries for ~14 s. The lie must be caught and proven: a `slash`
// in an honest node's log, exactly slashShareBps of the liar's bond taken, its accuracy under the
// threshold and the node suspended, and no query won by it.
class TestMarketCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void nodesBondAndOffer();
    void customerStoresAndRaces();
    void theLiarIsSlashedOnce();
    void theLiarIsSuspended();
    void honestNodesWinTheLastEpoch();

private:
    QStringList peers() const;
    qint64 scalar(int node, const QString &sql) const;

    std::optional<QTemporaryDir> m_dir;
    std::optional<LocalCluster> m_cluster;
    QString m_network;
    QString m_customer;
    QString m_loadOut;
    Parameters m_params = shortEpochs();
};

void TestMarketCluster::initTestCase()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    keepTestDirIfAsked(*m_dir);
    m_cluster.emplace(m_dir->path(), kPassphrase);
    QMap<QByteArray, Money> grants;
    for (int i = 0; i <= kHonest; ++i) {
        const auto added = m_cluster->addNode(i == kCorrupt ? QStringLiteral("liar")
                                                            : QStringLiteral("honest%1").arg(i));
        QVERIFY2(added.ok(), qPrintable(added.error()));
        grants.insert(m_cluster->node(i).publicKey,
                      Money::fromMicro(10'000 * Money::kMicroPerCredit));
    }
    const auto customer = m_cluster->addCustomer(QStringLiteral("customer"));
    QVERIFY2(customer.ok(), qPrintable(customer.error()));
    m_customer = customer.value();
    const auto customerKey = LocalCluster::customerKey(m_customer);
    QVERIFY2(customerKey.ok(), qPrintable(customerKey.error()));
    grants.insert(customerKey.value(), Money::fromMicro(1'000'000 * Money::kMicroPerCredit));
    const auto network = m_cluster->createNetwork(m_params, grants);
    QVERIFY2(network.ok(), qPrintable(network.error()));
    m_network = network.value();
    const auto imported = m_cluster->importGenesisToCustomer(m_customer);
    QVERIFY2(imported.ok(), qPrintable(imported.error()));
    for (int i = 0; i <= kHonest; ++i) {
        QStringList args{QStringLiteral("--network"),     m_network,
                         QStringLiteral("--offer-price"), QString::number(1000 + 100 * i),
                         QStringLiteral("--bond"),        QString::number(kBond)};
        if (i == kCorrupt)
            args << QStringLiteral("--test-corrupt-answers");
        QList<int> before;
        for (int j = 0; j < i; ++j)
            before.append(j);
        const auto started = m_cluster->start(i, before, args);
        QVERIFY2(started.ok(), qPrintable(started.error() + m_cluster->stderrText(i)));
    }
    QByteArray bytes(192 * 1024, Qt::Uninitialized);
    QRandomGenerator(5).fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    QFile file(m_dir->filePath(QStringLiteral("object.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
}

QStringList TestMarketCluster::peers() const
{
    QStringList args;
    for (int i = 0; i < m_cluster->size(); ++i)
        args << QStringLiteral("--peer") << m_cluster->peerArgument(i);
    return args;
}

qint64 TestMarketCluster::scalar(int node, const QString &sql) const
{
    const auto values = m_cluster->column(node, sql);
    return values && !values->isEmpty() ? values->first().toLongLong() : -1;
}

void TestMarketCluster::nodesBondAndOffer()
{
    // Every node bonds and offers at start; gossip brings each feed to node 0.
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(0,
               QStringLiteral("SELECT count(*) FROM ledger_accounts WHERE bonded = %1").arg(kBond)),
        qint64(kHonest + 1), 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(0, QStringLiteral("SELECT count(DISTINCT node) FROM ledger_offers")),
        qint64(kHonest + 1), 30'000);
}

void TestMarketCluster::customerStoresAndRaces()
{
    QStringList store{QStringLiteral("customer"),
                      QStringLiteral("store"),
                      m_dir->filePath(QStringLiteral("object.bin")),
                      QStringLiteral("--data"),
                      m_customer,
                      QStringLiteral("--network"),
                      m_network,
                      QStringLiteral("--replication"),
                      QString::number(kHonest + 1)};
    const auto stored = m_cluster->runCommand(store + peers(), kCommandTimeoutMs);
    QVERIFY2(stored.exitCode == 0, qPrintable(stored.err));
    QStringList load{QStringLiteral("customer"),   QStringLiteral("load"),
                     QStringLiteral("--data"),     m_customer,
                     QStringLiteral("--network"),  m_network,
                     QStringLiteral("--rate"),     QStringLiteral("10"),
                     QStringLiteral("--duration"), QString::number(kLoadSeconds),
                     QStringLiteral("--seed"),     QStringLiteral("7")};
    const auto run = m_cluster->runCommand(load + peers(), (kLoadSeconds + 30) * 1000);
    m_loadOut = run.out;
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains(QLatin1String("slash:")), qPrintable(run.err));
    QVERIFY2(m_loadOut.contains(QRegularExpression(QStringLiteral("^epoch \\d+: queries [1-9]"),
                                                   QRegularExpression::MultilineOption)),
             qPrintable(m_loadOut));
}

void TestMarketCluster::theLiarIsSlashedOnce()
{
    const QString liar = blob(m_cluster->node(kCorrupt).publicKey);
    // The customer's fraud proof reached an honest node's log by gossip...
    QTRY_VERIFY_WITH_TIMEOUT(
        scalar(1, QStringLiteral("SELECT count(*) FROM events WHERE kind = 'slash'")) >= 1, 15'000);
    // ...and its ledger moved exactly slashShareBps of the bond to the pool, once.
    const qint64 slashed = kBond * m_params.slashShareBps / 10'000;
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(1,
               QStringLiteral("SELECT bonded FROM ledger_accounts WHERE account = %1").arg(liar)),
        kBond - slashed, 15'000);
    QCOMPARE(
        scalar(1,
               QStringLiteral("SELECT sum(amount) FROM ledger_slashes WHERE node = %1").arg(liar)),
        slashed);
    for (int honest = 0; honest < kHonest; ++honest)
        QCOMPARE(scalar(1, QStringLiteral("SELECT count(*) FROM ledger_slashes WHERE node = %1")
                               .arg(blob(m_cluster->node(honest).publicKey))),
                 qint64(0));
}

void TestMarketCluster::theLiarIsSuspended()
{
    const QString liar = blob(m_cluster->node(kCorrupt).publicKey);
    const QString latest =
        QStringLiteral("SELECT %1 FROM ledger_reputation WHERE node = %2 ORDER BY epoch DESC "
                       "LIMIT 1");
    // The race reports' invalid answers are folded at the next closes.
    QTRY_COMPARE_WITH_TIMEOUT(scalar(1, latest.arg(QStringLiteral("suspended"), liar)), qint64(1),
                              20'000);
    const qint64 accuracy = scalar(1, latest.arg(QStringLiteral("accuracy_ppm"), liar));
    QVERIFY2(accuracy >= 0 && accuracy < m_params.suspensionAccuracyPermille * 1000,
             qPrintable(QString::number(accuracy)));
    const QString honest = blob(m_cluster->node(0).publicKey);
    QCOMPARE(scalar(1, latest.arg(QStringLiteral("suspended"), honest)), qint64(0));
}

void TestMarketCluster::honestNodesWinTheLastEpoch()
{
    static const QRegularExpression epochLine(QStringLiteral("^epoch \\d+: queries .*$"),
                                              QRegularExpression::MultilineOption);
    QString last;
    for (auto it = epochLine.globalMatch(m_loadOut); it.hasNext();) {
        const QString line = it.next().captured(0);
        if (!line.contains(QLatin1String("won none")))
            last = line;
    }
    QVERIFY2(!last.isEmpty(), qPrintable(m_loadOut));
    const QString liar = NodeId::fromHex(m_cluster->node(kCorrupt).idHex).shortText();
    QVERIFY2(!last.contains(liar), qPrintable(last));
    int honestWinners = 0;
    for (int i = 0; i < kHonest; ++i)
        honestWinners += last.contains(NodeId::fromHex(m_cluster->node(i).idHex).shortText());
    QVERIFY2(honestWinners > 0, qPrintable(last));
}

QTEST_GUILESS_MAIN(TestMarketCluster)
#include "test_market_cluster.moc"
