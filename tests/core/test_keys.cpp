#include "crypto/Ed25519.h"
#include "crypto/KeyFile.h"
#include "crypto/NodeId.h"
#include "crypto/Sha256.h"
#include "log/CanonicalCbor.h"

#include <QCborMap>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace streamsync;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// Rewrites one field of a key file, keeping it canonical, to simulate tampering.
void tamperField(const QString &path, const QString &field, const QCborValue &value)
{
    QCborMap map = cbor::decode(fileBytes(path))->toMap();
    map.insert(field, value);
    writeBytes(path, cbor::encode(map).value());
}

QByteArray flipFirstByte(QByteArray bytes)
{
    bytes[0] = char(bytes[0] ^ 0x01);
    return bytes;
}

} // namespace

class TestKeys : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_pass = QStringLiteral("correct horse battery staple");

    QString newKeyFile(const QString &name, KeyRole role = KeyRole::Operator)
    {
        const QString path = m_dir.filePath(name);
        const auto key = Ed25519SigningKey::generate();
        const auto created =
            KeyFile::create(path, key.value(), role, m_pass, ScryptCost::fastForTests());
        if (!created)
            qWarning("%s", qPrintable(created.error()));
        return path;
    }

private Q_SLOTS:
    void signaturesVerifyAndForgeriesDoNot()
    {
        const auto key = Ed25519SigningKey::generate();
        QVERIFY(key.ok());
        const QByteArray message("offer: 5 µcr per query");
        const QByteArray sig = key->sign(message);
        QCOMPARE(sig.size(), 64);
        const auto pub = Ed25519PublicKey::fromRaw(key->publicKey());
        QVERIFY(pub->verify(message, sig));
        QVERIFY(!pub->verify(QByteArray(message + '!'), sig));
        QVERIFY(!pub->verify(message, flipFirstByte(sig)));
        QVERIFY(!pub->verify(message, sig.left(63)));
        const auto other = Ed25519SigningKey::generate();
        QVERIFY(!Ed25519PublicKey::fromRaw(other->publicKey())->verify(message, sig));
        QVERIFY(!Ed25519PublicKey::fromRaw(QByteArray(31, 'x')).ok());
    }

    void seedRoundTripAndRfc8032Vector()
    {
        // RFC 8032 §7.1 test 1: secret key 9d61b1…7f60 has public key d75a98…511a.
        const QByteArray seed =
            QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        const auto key = Ed25519SigningKey::fromSeed(seed);
        QCOMPARE(key->publicKey().toHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        QCOMPARE(key->seed(), seed);
        QCOMPARE(key->sign(QByteArray()).toHex().left(32),
                 QByteArray("e5564300c360ac729086e2cc806e828a"));
    }

    void nodeIdIsSha256OfPublicKey()
    {
        const auto key = Ed25519SigningKey::generate();
        const NodeId id = NodeId::fromPublicKey(key->publicKey());
        QCOMPARE(id.bytes(), sha256(key->publicKey()));
        QCOMPARE(id.toHex().size(), 64);
        QCOMPARE(NodeId::fromHex(id.toHex()), id);
        QVERIFY(NodeId::fromHex(QStringLiteral("zz")).isNull());
        QCOMPARE(id.shortText().size(), 19); // 16 base32 characters in four groups
        QCOMPARE(base32Encode("foobar"), QStringLiteral("mzxw6ytboi")); // RFC 4648 §10
        QCOMPARE(base32Encode("f"), QStringLiteral("my"));
    }

    void keyFileRoundTripsWithMode0600()
    {
        const auto key = Ed25519SigningKey::generate();
        const QString path = m_dir.filePath(QStringLiteral("roundtrip.key"));
        QVERIFY(
            KeyFile::create(path, key.value(), KeyRole::Node, m_pass, ScryptCost::fastForTests()));
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QVERIFY(!fileBytes(path).contains(key->seed()));
        const auto loaded = KeyFile::load(path, KeyRole::Node, m_pass);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QCOMPARE(loaded->publicKey(), key->publicKey());
        QCOMPARE(KeyFile::readPublicKey(path).value(), key->publicKey());
    }

    void wrongPassphraseIsSaidAndFileUntouched()
    {
        const QString path = newKeyFile(QStringLiteral("wrongpass.key"));
        const QByteArray before = fileBytes(path);
        const auto loaded = KeyFile::load(path, KeyRole::Operator, QStringLiteral("Tr0ub4dor&3"));
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().contains(QStringLiteral("wrong passphrase")),
                 qPrintable(loaded.error()));
        QCOMPARE(fileBytes(path), before);
    }

    void truncatedFileIsDamaged()
    {
        const QString path = newKeyFile(QStringLiteral("truncated.key"));
        const QByteArray full = fileBytes(path);
        writeBytes(path, full.left(full.size() / 2));
        const auto loaded = KeyFile::load(path, KeyRole::Operator, m_pass);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().contains(QStringLiteral("damaged")), qPrintable(loaded.error()));
        QCOMPARE(fileBytes(path), full.left(full.size() / 2));
        writeBytes(path, QByteArray());
        QVERIFY(KeyFile::load(path, KeyRole::Operator, m_pass)
                    .error()
                    .contains(QStringLiteral("empty")));
    }

    void tamperedCiphertextIsDamagedNotWrongPassphrase()
    {
        const QString path = newKeyFile(QStringLiteral("tampered.key"));
        const QByteArray ciphertext = cbor::decode(fileBytes(path))
                                          ->toMap()
                                          .value(QStringLiteral("ciphertext"))
                                          .toByteArray();
        tamperField(path, QStringLiteral("ciphertext"), flipFirstByte(ciphertext));
        const auto loaded = KeyFile::load(path, KeyRole::Operator, m_pass);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().contains(QStringLiteral("damaged")), qPrintable(loaded.error()));
        QVERIFY(loaded.error().contains(QStringLiteral("passphrase was right")));
    }

    void tamperedHeaderIsDetected()
    {
        // The public key is not part of the key derivation, only of GCM's associated data.
        const QString path = newKeyFile(QStringLiteral("header.key"));
        const auto other = Ed25519SigningKey::generate();
        tamperField(path, QStringLiteral("public"), other->publicKey());
        const auto loaded = KeyFile::load(path, KeyRole::Operator, m_pass);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().contains(QStringLiteral("damaged")), qPrintable(loaded.error()));
    }

    void plantedHugeScryptCostIsRefusedWithoutDeriving()
    {
        const QString path = newKeyFile(QStringLiteral("huge.key"));
        QCborMap map = cbor::decode(fileBytes(path))->toMap();
        QCborMap kdf = map.value(QStringLiteral("kdf")).toMap();
        kdf.insert(QStringLiteral("n"), qint64(1) << 40);
        map.insert(QStringLiteral("kdf"), kdf);
        writeBytes(path, cbor::encode(map).value());
        const auto loaded = KeyFile::load(path, KeyRole::Operator, m_pass);
        QVERIFY(loaded.error().contains(QStringLiteral("unsupported scrypt parameters")));
    }

    void roleIsChecked()
    {
        const QString path = newKeyFile(QStringLiteral("role.key"), KeyRole::Node);
        const auto loaded = KeyFile::load(path, KeyRole::Operator, m_pass);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().contains(QStringLiteral("not a operator key")) ||
                     loaded.error().contains(QStringLiteral("node key")),
                 qPrintable(loaded.error()));
    }

    void existingFileIsNeverOverwritten()
    {
        const QString path = newKeyFile(QStringLiteral("existing.key"));
        const QByteArray before = fileBytes(path);
        const auto key = Ed25519SigningKey::generate();
        const auto again = KeyFile::create(path, key.value(), KeyRole::Operator, m_pass,
                                           ScryptCost::fastForTests());
        QVERIFY(!again.ok());
        QVERIFY(again.error().contains(QStringLiteral("already exists")));
        QCOMPARE(fileBytes(path), before);
    }

    void emptyPassphraseAndMissingFileAreRefused()
    {
        const auto key = Ed25519SigningKey::generate();
        QVERIFY(!KeyFile::create(m_dir.filePath(QStringLiteral("empty.key")), key.value(),
                                 KeyRole::Operator, QString(), ScryptCost::fastForTests()));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("empty.key"))));
        const auto missing =
            KeyFile::load(m_dir.filePath(QStringLiteral("nope.key")), KeyRole::Operator, m_pass);
        QVERIFY(missing.error().contains(QStringLiteral("no key file")));
    }
};

QTEST_GUILESS_MAIN(TestKeys)
#include "test_keys.moc"
