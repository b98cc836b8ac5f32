#include "crypto/KeyFile.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace streamsync;

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery staple");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The first 4 bytes of the node's public key in hex: how `log verify` names an author.
QString authorHex(const QString &dataDir)
{
    const auto key = KeyFile::readPublicKey(dataDir + QStringLiteral("/node.key"));
    return key ? QString::fromLatin1(key->left(4).toHex()) : QString();
}

} // namespace

// The real `streamsync-node` binary, run as a script or an operator would run it.
class TestNodeCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void initStatusAndLifecycle();
    void illegalTransitionNamesAllowedStates();
    void wrongPassphraseChangesNothing();
    void passphraseFileUnlocksLifecycle();
    void exportVerifyAndImportIntoAnotherNode();
    void tamperedSignatureIsNamed();
    void truncatedExportIsNamed();
    void unknownCommandsAreUsageErrors();

private:
    Run run(const QStringList &arguments, const QString &passphrase = kPassphrase) const;
    QString path(const QString &name) const { return m_dir->filePath(name); }
    void initNode(const QString &name);
    QByteArray exportLog(const QString &node);

    std::optional<QTemporaryDir> m_dir;
};

Run TestNodeCli::run(const QStringList &arguments, const QString &passphrase) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STREAMSYNC_TEST_FAST_KDF"), QStringLiteral("1"));
    env.insert(QStringLiteral("STREAMSYNC_PASSPHRASE"), passphrase);
    process.setProcessEnvironment(env);
    // No terminal: a command that would prompt fails instead of hanging.
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

void TestNodeCli::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
}

void TestNodeCli::initNode(const QString &name)
{
    const Run made =
        run({QStringLiteral("init"), QStringLiteral("--data"), path(name), QStringLiteral("--name"),
             name, QStringLiteral("--quota"), QStringLiteral("1GB")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    QVERIFY2(made.out.contains(QLatin1String("Stopped")), qPrintable(made.out));
}

QByteArray TestNodeCli::exportLog(const QString &node)
{
    const QString file = path(node + QStringLiteral(".log"));
    const Run exported = run({QStringLiteral("log"), QStringLiteral("export"),
                              QStringLiteral("--data"), path(node), file});
    if (exported.exitCode != 0)
        qWarning("export failed: %s", qPrintable(exported.err));
    return readAll(file);
}

void TestNodeCli::initStatusAndLifecycle()
{
    initNode(QStringLiteral("alpha"));
    const QString data = path(QStringLiteral("alpha"));
    Run status = run({QStringLiteral("status"), QStringLiteral("--data"), data});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.contains(QLatin1String("alpha")), qPrintable(status.out));
    QVERIFY2(status.out.contains(QLatin1String("Stopped")), qPrintable(status.out));
    // node_announce, then the transition to Stopped.
    QVERIFY2(status.out.contains(QLatin1String("2 own events")), qPrintable(status.out));

    const Run started =
        run({QStringLiteral("lifecycle"), QStringLiteral("--data"), data,
             QStringLiteral("Starting"), QStringLiteral("--why"), QStringLiteral("test run")});
    QVERIFY2(started.exitCode == 0, qPrintable(started.err));
    QCOMPARE(started.out.trimmed(), QStringLiteral("Starting"));
    status = run({QStringLiteral("status"), QStringLiteral("--data"), data});
    QVERIFY2(status.out.contains(QLatin1String("Starting")), qPrintable(status.out));
    QVERIFY2(status.out.contains(QLatin1String("3 own events")), qPrintable(status.out));

    const Run history = run(
        {QStringLiteral("lifecycle"), QStringLiteral("--data"), data, QStringLiteral("history")},
        QString());
    QCOMPARE(history.exitCode, 0);
    QVERIFY2(history.out.contains(QLatin1String("Stopped -> Starting  (Operator: test run)")),
             qPrintable(history.out));
}

void TestNodeCli::illegalTransitionNamesAllowedStates()
{
    initNode(QStringLiteral("alpha"));
    const QString data = path(QStringLiteral("alpha"));
    const Run refused = run(
        {QStringLiteral("lifecycle"), QStringLiteral("--data"), data, QStringLiteral("Paused")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QLatin1String("cannot go from Stopped to Paused")),
             qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QLatin1String("Starting, Failed")), qPrintable(refused.err));
    QCOMPARE(refused.err.count(QLatin1Char('\n')), 1);
    const Run status = run({QStringLiteral("status"), QStringLiteral("--data"), data});
    QVERIFY2(status.out.contains(QLatin1String("2 own events")), qPrintable(status.out));

    const Run unknown =
        run({QStringLiteral("lifecycle"), QStringLiteral("--data"), data, QStringLiteral("Nap")});
    QCOMPARE(unknown.exitCode, 1);
}

void TestNodeCli::wrongPassphraseChangesNothing()
{
    initNode(QStringLiteral("alpha"));
    const QString data = path(QStringLiteral("alpha"));
    const QByteArray logBefore = exportLog(QStringLiteral("alpha"));
    const Run refused = run(
        {QStringLiteral("lifecycle"), QStringLiteral("--data"), data, QStringLiteral("Starting")},
        QStringLiteral("not the passphrase"));
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QLatin1String("wrong passphrase")), qPrintable(refused.err));
    const Run status = run({QStringLiteral("status"), QStringLiteral("--data"), data});
    QVERIFY2(status.out.contains(QLatin1String("Stopped")), qPrintable(status.out));
    QCOMPARE(exportLog(QStringLiteral("alpha")), logBefore);
    const Run history = run(
        {QStringLiteral("lifecycle"), QStringLiteral("--data"), data, QStringLiteral("history")});
    QCOMPARE(history.out.count(QLatin1Char('\n')), 2); // created, initialised
}

void TestNodeCli::passphraseFileUnlocksLifecycle()
{
    initNode(QStringLiteral("alpha"));
    const QString file = path(QStringLiteral("pass.txt"));
    QVERIFY(writeAll(file, kPassphrase.toUtf8() + '\n'));
    const Run started =
        run({QStringLiteral("lifecycle"), QStringLiteral("--data"), path(QStringLiteral("alpha")),
             QStringLiteral("--passphrase-file"), file, QStringLiteral("Starting")},
            QStringLiteral("the environment is not asked first"));
    QVERIFY2(started.exitCode == 0, qPrintable(started.err));
}

void TestNodeCli::exportVerifyAndImportIntoAnotherNode()
{
    initNode(QStringLiteral("alpha"));
    const QString alpha = path(QStringLiteral("alpha"));
    QCOMPARE(run({QStringLiteral("lifecycle"), QStringLiteral("--data"), alpha,
                  QStringLiteral("Starting")})
                 .exitCode,
             0);
    const QByteArray log = exportLog(QStringLiteral("alpha"));
    QVERIFY(!log.isEmpty());
    const QString file = path(QStringLiteral("alpha.log"));

    const Run verified = run({QStringLiteral("log"), QStringLiteral("verify"), file});
    QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
    QVERIFY2(verified.out.contains(authorHex(alpha) + QStringLiteral("  3 events")),
             qPrintable(verified.out));
    QVERIFY2(verified.out.contains(QLatin1String("OK")), qPrintable(verified.out));

    initNode(QStringLiteral("beta"));
    const QString beta = path(QStringLiteral("beta"));
    const Run imported = run(
        {QStringLiteral("log"), QStringLiteral("import"), QStringLiteral("--data"), beta, file});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    QVERIFY2(imported.out.contains(QLatin1String("accepted 3, duplicates 0, refused 0")),
             qPrintable(imported.out));
    const Run again = run(
        {QStringLiteral("log"), QStringLiteral("import"), QStringLiteral("--data"), beta, file});
    QVERIFY2(again.out.contains(QLatin1String("accepted 0, duplicates 3")), qPrintable(again.out));

    // Beta's export now carries both feeds, and still verifies.
    exportLog(QStringLiteral("beta"));
    const Run both =
        run({QStringLiteral("log"), QStringLiteral("verify"), path(QStringLiteral("beta.log"))});
    QVERIFY2(both.exitCode == 0, qPrintable(both.err));
    QVERIFY2(both.out.contains(authorHex(alpha) + QStringLiteral("  3 events")),
             qPrintable(both.out));
    QVERIFY2(both.out.contains(authorHex(beta) + QStringLiteral("  2 events")),
             qPrintable(both.out));
    QVERIFY2(both.out.contains(QLatin1String("5 events from 2 authors")), qPrintable(both.out));
}

void TestNodeCli::tamperedSignatureIsNamed()
{
    initNode(QStringLiteral("alpha"));
    QByteArray log = exportLog(QStringLiteral("alpha"));
    // Canonical CBOR puts `sig` (text "sig", a 64-byte string) right after seq in every event;
    // the second occurrence is the second event's.
    const QByteArray sigHead = QByteArray::fromHex("63736967"
                                                   "5840");
    const qsizetype first = log.indexOf(sigHead);
    const qsizetype second = log.indexOf(sigHead, first + 1);
    QVERIFY(first >= 0 && second > first);
    log[second + sigHead.size() + 7] = char(log[second + sigHead.size() + 7] ^ 0x20);
    const QString file = path(QStringLiteral("tampered.log"));
    QVERIFY(writeAll(file, log));

    const Run verified = run({QStringLiteral("log"), QStringLiteral("verify"), file});
    QCOMPARE(verified.exitCode, 2);
    QVERIFY2(verified.err.contains(QLatin1String("item #2 at byte")), qPrintable(verified.err));
    QVERIFY2(verified.err.contains(QLatin1String("bad signature")), qPrintable(verified.err));
    QCOMPARE(verified.err.count(QLatin1Char('\n')), 1);

    // Importing it keeps the first event and refuses the rest (docs/decisions.md, "Log").
    initNode(QStringLiteral("beta"));
    const Run imported = run({QStringLiteral("log"), QStringLiteral("import"),
                              QStringLiteral("--data"), path(QStringLiteral("beta")), file});
    QCOMPARE(imported.exitCode, 2);
    QVERIFY2(imported.out.contains(QLatin1String("accepted 1, duplicates 0, refused 1")),
             qPrintable(imported.out));
    QVERIFY2(imported.err.contains(QLatin1String("bad signature")), qPrintable(imported.err));
}

void TestNodeCli::truncatedExportIsNamed()
{
    initNode(QStringLiteral("alpha"));
    const QByteArray log = exportLog(QStringLiteral("alpha"));
    const QString file = path(QStringLiteral("truncated.log"));
    QVERIFY(writeAll(file, log.left(log.size() - 9)));
    const Run verified = run({QStringLiteral("log"), QStringLiteral("verify"), file});
    QCOMPARE(verified.exitCode, 2);
    QVERIFY2(verified.err.contains(QLatin1String("truncated item #2 at byte")),
             qPrintable(verified.err));
    const Run missing =
        run({QStringLiteral("log"), QStringLiteral("verify"), path(QStringLiteral("none.log"))});
    QCOMPARE(missing.exitCode, 2);
}

void TestNodeCli::unknownCommandsAreUsageErrors()
{
    QCOMPARE(run({QStringLiteral("frobnicate")}).exitCode, 1);
    const Run unknownLog = run({QStringLiteral("log"), QStringLiteral("frobnicate")});
    QCOMPARE(unknownLog.exitCode, 1);
    QVERIFY2(unknownLog.err.contains(QLatin1String("unknown log command 'frobnicate'")),
             qPrintable(unknownLog.err));
    QCOMPARE(
        run({QStringLiteral("log"), QStringLiteral("export"), QStringLiteral("x.log")}).exitCode,
        1);                                                                       // no --data
    QCOMPARE(run({QStringLiteral("log"), QStringLiteral("verify")}).exitCode, 1); // no FILE
}

QTEST_GUILESS_MAIN(TestNodeCli)
#include "test_node_cli.moc"
