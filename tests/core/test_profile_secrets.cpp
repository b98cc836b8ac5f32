// Remote nodes' admin tokens in the operator's profile (issue #6): sealed with a key derived
// from the operator key (SecretBox, AES-256-GCM through OpenSSL), bound to the node's id, on a
// real profile database; a token an older console stored in plain text is sealed on first read.

#include "console/RemoteNodeStore.h"
#include "crypto/ScryptCost.h"
#include "db/Database.h"
#include "node/OperatorProfile.h"
#include "node/SecretBox.h"
#include "util/Clock.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;
using console::RemoteNode;
using console::RemoteNodeStore;

namespace {

const QString kPass = QStringLiteral("a long enough passphrase");
const QString kToken = QStringLiteral("4f9c2a7e0b1d4c8a9e3f6b2d7a1c5e8f");
const QString kNodeId = QString(64, u'a');

QString storedToken(OperatorProfile &profile, const QString &id)
{
    auto row = profile.database()->query(
        QStringLiteral("SELECT token FROM remote_nodes WHERE id = ?"), {id});
    return row && row.value().next() ? row->value(0).toString() : QString();
}

} // namespace

class TestProfileSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir.emplace();
        m_profile = std::make_unique<OperatorProfile>(m_dir->filePath(QStringLiteral("profile")),
                                                      std::make_shared<SystemClock>(),
                                                      ScryptCost::fastForTests());
        QVERIFY(m_profile->open());
    }

    void boxOpensOnlyWhatItSealedForTheSameContext()
    {
        const SecretBox box(QByteArray(32, '\x11'));
        const auto sealed = box.seal(kToken.toUtf8(), "node-a");
        QVERIFY2(sealed, qPrintable(sealed.error()));
        QVERIFY(SecretBox::isSealed(sealed.value()));
        QVERIFY(!sealed->contains(kToken));
        QCOMPARE(box.open(sealed.value(), "node-a").value(), kToken.toUtf8());
        // Two seals of one secret differ (a fresh nonce each time).
        QVERIFY(box.seal(kToken.toUtf8(), "node-a").value() != sealed.value());

        QVERIFY(!box.open(sealed.value(), "node-b")); // moved to another row
        const SecretBox other(QByteArray(32, '\x22'));
        const auto wrongKey = other.open(sealed.value(), "node-a");
        QVERIFY(!wrongKey);
        QVERIFY2(wrongKey.error().contains(QStringLiteral("does not open with this operator key")),
                 qPrintable(wrongKey.error()));
        QString tampered = sealed.value();
        tampered[20] = tampered[20] == u'A' ? u'B' : u'A';
        QVERIFY(!box.open(tampered, "node-a"));
        QVERIFY(!box.open(QStringLiteral("sealed:v1:not*base64"), "node-a"));
        QVERIFY(!box.open(QStringLiteral("sealed:v1:AAAA"), "node-a")); // too short
        QVERIFY(!box.open(kToken, "node-a"));                           // not sealed at all
    }

    void tokensAreSealedInTheDatabase()
    {
        QVERIFY(m_profile->createOperatorKey(kPass));
        const RemoteNode node{kNodeId, QStringLiteral("far"), QStringLiteral("192.0.2.7:7443"),
                              kToken, 1000};
        QVERIFY(RemoteNodeStore::add(*m_profile, node));
        const QString stored = storedToken(*m_profile, kNodeId);
        QVERIFY2(SecretBox::isSealed(stored) && !stored.contains(kToken), qPrintable(stored));
        const auto listed = RemoteNodeStore::list(*m_profile);
        QVERIFY2(listed, qPrintable(listed.error()));
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().token, kToken);

        // Reopened and unlocked again (the key is derived anew): the same token comes back.
        m_profile = std::make_unique<OperatorProfile>(m_dir->filePath(QStringLiteral("profile")),
                                                      std::make_shared<SystemClock>(),
                                                      ScryptCost::fastForTests());
        QVERIFY(m_profile->open());
        const auto locked = RemoteNodeStore::list(*m_profile);
        QVERIFY(!locked);
        QVERIFY2(locked.error().contains(QStringLiteral("unlock the operator key")),
                 qPrintable(locked.error()));
        QVERIFY(m_profile->unlock(kPass));
        QCOMPARE(RemoteNodeStore::list(*m_profile)->first().token, kToken);
    }

    void plainTextTokenOfAnOlderConsoleIsSealedOnFirstRead()
    {
        QVERIFY(m_profile->createOperatorKey(kPass));
        QVERIFY(m_profile->database()->query(
            QStringLiteral("INSERT INTO remote_nodes (id, name, address, token, added_ms) "
                           "VALUES (?, ?, ?, ?, ?)"),
            {kNodeId, QStringLiteral("old"), QStringLiteral("192.0.2.8:7443"), kToken, 5}));
        const auto listed = RemoteNodeStore::list(*m_profile);
        QVERIFY2(listed, qPrintable(listed.error()));
        QCOMPARE(listed->first().token, kToken);
        const QString stored = storedToken(*m_profile, kNodeId);
        QVERIFY2(SecretBox::isSealed(stored) && !stored.contains(kToken), qPrintable(stored));
        QCOMPARE(RemoteNodeStore::list(*m_profile)->first().token, kToken);
    }

    void aTokenSealedForAnotherRowIsRefusedByName()
    {
        QVERIFY(m_profile->createOperatorKey(kPass));
        const RemoteNode node{kNodeId, QStringLiteral("far"), QStringLiteral("192.0.2.7:7443"),
                              kToken, 1000};
        QVERIFY(RemoteNodeStore::add(*m_profile, node));
        // Someone copies the sealed token into another row: it is bound to its node's id.
        const QString other(64, u'b');
        QVERIFY(m_profile->database()->query(
            QStringLiteral("INSERT INTO remote_nodes (id, name, address, token, added_ms) "
                           "VALUES (?, ?, ?, ?, ?)"),
            {other, QStringLiteral("copy"), QStringLiteral("192.0.2.9:7443"),
             storedToken(*m_profile, kNodeId), 2000}));
        const auto listed = RemoteNodeStore::list(*m_profile);
        QVERIFY(!listed);
        QVERIFY2(listed.error().contains(QStringLiteral("\"copy\"")), qPrintable(listed.error()));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::unique_ptr<OperatorProfile> m_profile;
};

QTEST_GUILESS_MAIN(TestProfileSecrets)
#include "test_profile_secrets.moc"
