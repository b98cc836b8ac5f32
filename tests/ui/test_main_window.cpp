// GUI tests of the operator console over the real service (KeePassXC's TestGui habit): the real
// MainWindow on a temporary profile, widgets found by objectName, every wait a QTRY_*, the retire
// confirmation answered through the window's hook. The passphrase KDF runs at its test cost.

#include "AddNodeDialog.h"
#include "ConsoleSettings.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "NodeTableModel.h"
#include "PassphraseDialog.h"
#include "TransitionHistoryModel.h"
#include "crypto/ScryptCost.h"
#include "interfaces/OperatorService.h"
#include "util/Clock.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace streamsync;
using namespace streamsync::ui;

// States and actors are compared by name: the core's toString() overloads, found by argument-
// dependent lookup, hide QTest's own toString() for these enums.

// Stops the test function when a helper's QTRY/QVERIFY failed (they can only return void).
#define CHECKED(call)                                                                              \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

namespace {

// The offscreen platform warns each time a dialog's layout sets its size limits, which says
// nothing about the console; drop just that line so real warnings stand out. Installed over
// QTest's own handler, which exists only once qExec() runs.
QtMessageHandler g_defaultHandler = nullptr;

void filterOffscreenNoise(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (!message.contains(QLatin1String("does not support propagateSizeHints")))
        g_defaultHandler(type, context, message);
}

const QString kPassphrase = QStringLiteral("correct horse battery");
constexpr qint64 kStartMs = 1'700'000'000'000;

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstStartCreatesTheKeyThroughTheDialog();
    void cancellingTheFirstStartClosesTheWindow();
    void addedNodeAppearsStopped();
    void addNodeDialogChecksQuotaAndShowsErrorsInline();
    void startPauseResume();
    void illegalActionsAreDisabledAndRefusedInTheBanner();
    void drainAndRetireAskForConfirmation();
    void historyMatchesTheDatabaseRows();
    void wrongPassphraseOnSecondStartChangesNothing();
    void filterNarrowsTheTable();
    void geometryIsSavedToSettings();

private:
    void openConsole();
    void closeConsole();
    void createKey();
    void unlock(const QString &passphrase);
    void waitForPassphraseDialog(PassphraseDialog::Mode mode);
    void addNode(const QString &name);
    void openAddNodeDialog();
    void fillAddNodeDialog(const QString &name, const QString &folder);
    void act(const char *actionName, LifecycleState expected);
    void waitForHistoryRows(int rows);

    template <typename T> T *child(const char *name) const
    {
        return m_window->findChild<T *>(QLatin1String(name));
    }
    QAction *action(const char *name) const { return child<QAction>(name); }
    PassphraseDialog *passphraseDialog() const
    {
        return child<PassphraseDialog>("passphraseDialog");
    }
    AddNodeDialog *addNodeDialog() const { return child<AddNodeDialog>("addNodeDialog"); }
    NodeTableModel *nodes() const { return child<NodeTableModel>("nodeTableModel"); }
    LifecycleState stateOf(const QString &name) const;
    QString idOf(const QString &name) const;
    QString operatorText() const { return child<QLabel>("operatorLabel")->text(); }
    QString profileFile(const QString &name) const
    {
        return QDir(m_profile->path()).filePath(name);
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<QTemporaryDir> m_storage;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<interfaces::OperatorService> m_service;
    std::unique_ptr<MainWindow> m_window;
    ScryptCost m_kdfCost = ScryptCost::fastForTests();
    bool m_confirmAnswer = true;
    QStringList m_questions;
};

void TestMainWindow::initTestCase()
{
    g_defaultHandler = qInstallMessageHandler(filterOffscreenNoise);
    // A test organisation and a private settings folder: the operator's real settings stay
    // untouched.
    QCoreApplication::setOrganizationName(QStringLiteral("StreamSyncUiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(m_settingsDir.isValid());
}

void TestMainWindow::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    m_storage = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid() && m_storage->isValid());
    m_clock = std::make_shared<ManualClock>(kStartMs);
    m_kdfCost = ScryptCost::fastForTests();
    m_confirmAnswer = true;
    m_questions.clear();
    openConsole();
}

void TestMainWindow::cleanup()
{
    closeConsole();
    m_profile.reset();
    m_storage.reset();
}

void TestMainWindow::openConsole()
{
    interfaces::OperatorServiceConfig config;
    config.profileDir = m_profile->path();
    config.kdfCost = std::make_shared<ScryptCost>(m_kdfCost);
    config.clock = m_clock;
    // The lifecycle and the window alone: the local network is test_console_market's.
    config.embeddedNetwork = false;
    m_service = interfaces::makeOperatorService(config);
    m_window = std::make_unique<MainWindow>(*m_service);
    m_window->setConfirmHook([this](QWidget *, const ConfirmRequest &request, auto answer) {
        m_questions.append(request.text);
        answer(m_confirmAnswer);
    });
    m_window->show();
    m_window->start();
}

// The window goes first: its pending continuations are dropped with it, then the service joins
// its worker.
void TestMainWindow::closeConsole()
{
    m_window.reset();
    m_service.reset();
}

void TestMainWindow::waitForPassphraseDialog(PassphraseDialog::Mode mode)
{
    QTRY_VERIFY(passphraseDialog() && passphraseDialog()->isVisible());
    QCOMPARE(passphraseDialog()->mode(), mode);
}

void TestMainWindow::createKey()
{
    CHECKED(waitForPassphraseDialog(PassphraseDialog::Mode::Create));
    PassphraseDialog *dialog = passphraseDialog();
    auto *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                   ->button(QDialogButtonBox::Ok);
    dialog->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(kPassphrase);
    dialog->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))->setText(kPassphrase);
    QVERIFY(ok->isEnabled());
    ok->click();
    QTRY_VERIFY(!passphraseDialog());
    QTRY_VERIFY(operatorText().startsWith(QStringLiteral("Operator ")));
}

// Enters `passphrase` in the unlock dialog and waits for the answer; on success the dialog
// deletes itself, hence the QPointer.
void TestMainWindow::unlock(const QString &passphrase)
{
    QPointer<PassphraseDialog> dialog = passphraseDialog();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(passphrase);
    dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    QTRY_VERIFY(!dialog || !dialog->isBusy());
}

void TestMainWindow::openAddNodeDialog()
{
    QVERIFY(action("actionAddNode")->isEnabled());
    action("actionAddNode")->trigger();
    QTRY_VERIFY(addNodeDialog() && addNodeDialog()->isVisible());
}

void TestMainWindow::fillAddNodeDialog(const QString &name, const QString &folder)
{
    AddNodeDialog *dialog = addNodeDialog();
    dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(name);
    dialog->findChild<QLineEdit *>(QStringLiteral("folderEdit"))->setText(folder);
    dialog->findChild<QDoubleSpinBox *>(QStringLiteral("quotaSpin"))->setValue(0.5);
    QTRY_VERIFY(dialog->diskSpace().has_value());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("freeSpaceLabel"))
                ->text()
                .contains(QStringLiteral(" free on ")));
}

void TestMainWindow::addNode(const QString &name)
{
    CHECKED(openAddNodeDialog());
    CHECKED(fillAddNodeDialog(name, QDir(m_storage->path()).filePath(name)));
    auto *ok = addNodeDialog()
                   ->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                   ->button(QDialogButtonBox::Ok);
    QTRY_VERIFY(ok->isEnabled());
    ok->click();
    QTRY_VERIFY(!addNodeDialog());
    QTRY_VERIFY(nodes()->rowOf(idOf(name)) >= 0);
}

// Triggers a lifecycle action on the selected node and waits for the node to reach `expected`.
void TestMainWindow::act(const char *actionName, LifecycleState expected)
{
    QAction *a = action(actionName);
    QVERIFY2(a->isEnabled(), actionName);
    const QString nodeId = m_window->selectedNodeId();
    a->trigger();
    // Disabled while the request is in flight, and not allowed again from the new state either.
    QVERIFY2(!a->isEnabled(), actionName);
    QTRY_COMPARE(toString(nodes()->node(nodeId)->state), toString(expected));
}

void TestMainWindow::waitForHistoryRows(int rows)
{
    QTRY_COMPARE(child<TransitionHistoryModel>("transitionHistoryModel")->rowCount(), rows);
}

LifecycleState TestMainWindow::stateOf(const QString &name) const
{
    for (int row = 0; row < nodes()->rowCount(); ++row) {
        if (nodes()->nodeAt(row).name == name)
            return nodes()->nodeAt(row).state;
    }
    return LifecycleState::Provisioning;
}

QString TestMainWindow::idOf(const QString &name) const
{
    for (int row = 0; row < nodes()->rowCount(); ++row) {
        if (nodes()->nodeAt(row).name == name)
            return nodes()->nodeAt(row).id;
    }
    return QStringLiteral("no node named %1").arg(name);
}

void TestMainWindow::firstStartCreatesTheKeyThroughTheDialog()
{
    // The real cost (~0.2 s): a result that arrived before the continuation was attached would
    // be delivered inside the click, and the busy state could not be seen.
    closeConsole();
    m_kdfCost = ScryptCost::interactive();
    openConsole();
    CHECKED(waitForPassphraseDialog(PassphraseDialog::Mode::Create));
    QVERIFY(!action("actionAddNode")->isEnabled());
    QCOMPARE(operatorText(), QStringLiteral("Operator key locked"));
    PassphraseDialog *dialog = passphraseDialog();
    auto *pass = dialog->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"));
    auto *confirm = dialog->findChild<QLineEdit *>(QStringLiteral("confirmEdit"));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    auto *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                   ->button(QDialogButtonBox::Ok);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("hintLabel"))->text().contains(u'8'));

    QTest::keyClicks(pass, QStringLiteral("short"));
    QTest::keyClicks(confirm, QStringLiteral("short"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(error->isVisible() && error->text().contains(QStringLiteral("at least 8")));

    pass->setText(kPassphrase);
    confirm->setText(kPassphrase + QStringLiteral("!"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(error->text().contains(QStringLiteral("do not match")));

    confirm->setText(kPassphrase);
    QVERIFY(ok->isEnabled() && !error->isVisible());
    ok->click();
    // The derivation runs on the service's worker; the dialog shows it is busy meanwhile.
    QVERIFY(dialog->isBusy());
    QVERIFY(dialog->findChild<QProgressBar *>(QStringLiteral("busyIndicator"))->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("busyLabel"))
                ->text()
                .contains(QStringLiteral("slow on purpose")));
    QVERIFY(!pass->isEnabled() && !ok->isEnabled());
    // The key is being made whatever the dialog does, so it cannot be cancelled meanwhile.
    QVERIFY(!dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                 ->button(QDialogButtonBox::Cancel)
                 ->isEnabled());
    dialog->reject(); // Escape, or the title bar's close button
    QVERIFY(dialog->isVisible() && m_window->isVisible());

    QTRY_VERIFY(!passphraseDialog());
    QTRY_VERIFY(operatorText().startsWith(QStringLiteral("Operator ")));
    QVERIFY(QFile::exists(profileFile(QStringLiteral("operator.key"))));
    QVERIFY(action("actionAddNode")->isEnabled());
    QVERIFY(!child<MessageBanner>("messageBanner")->isVisible());
}

void TestMainWindow::cancellingTheFirstStartClosesTheWindow()
{
    CHECKED(waitForPassphraseDialog(PassphraseDialog::Mode::Create));
    passphraseDialog()
        ->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Cancel)
        ->click();
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(!QFile::exists(profileFile(QStringLiteral("operator.key"))));
}

void TestMainWindow::addedNodeAppearsStopped()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    const QString id = idOf(QStringLiteral("alpha"));
    QCOMPARE(toString(stateOf(QStringLiteral("alpha"))), toString(LifecycleState::Stopped));
    QCOMPARE(m_window->selectedNodeId(), id);
    const interfaces::NodeSummary node = *nodes()->node(id);
    QCOMPARE(node.quotaBytes, qint64(500'000'000));
    QVERIFY(QFile::exists(QDir(node.folder).filePath(QStringLiteral("node.key"))));
    const QModelIndex quota = nodes()->index(nodes()->rowOf(id), NodeTableModel::QuotaColumn);
    QCOMPARE(quota.data().toString(),
             QLocale().formattedDataSize(500'000'000, 1, QLocale::DataSizeSIFormat));
    QTRY_VERIFY(child<QLabel>("nodeCountLabel")->text().startsWith(QStringLiteral("1 node,")));
    CHECKED(waitForHistoryRows(2)); // created, then Provisioning → Stopped
}

void TestMainWindow::addNodeDialogChecksQuotaAndShowsErrorsInline()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    const QString browsed = QDir(m_storage->path()).filePath(QStringLiteral("browsed"));
    m_window->setBrowseHook(
        [browsed](QWidget *, const QString &, auto chosen) { chosen(browsed); });
    CHECKED(openAddNodeDialog());
    AddNodeDialog *dialog = addNodeDialog();
    dialog->findChild<QPushButton *>(QStringLiteral("browseButton"))->click();
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("folderEdit"))->text(),
             QDir::toNativeSeparators(browsed));
    auto *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                   ->button(QDialogButtonBox::Ok);
    // The same folder again: valid on the form, refused by the service, shown inline.
    CHECKED(fillAddNodeDialog(QStringLiteral("beta"),
                              QDir(m_storage->path()).filePath(QStringLiteral("alpha"))));
    QTRY_VERIFY(ok->isEnabled());
    ok->click();
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("already holds a node")),
             qPrintable(error->text()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(nodes()->rowCount(), 1);

    // More than the disk has: the form refuses before the service is asked.
    dialog->findChild<QDoubleSpinBox *>(QStringLiteral("quotaSpin"))->setValue(1e6);
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("freeSpaceLabel"))
                ->text()
                .contains(QStringLiteral("lower the quota")));
    dialog->reject();
}

void TestMainWindow::startPauseResume()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    CHECKED(act("actionStart", LifecycleState::Online)); // the node takes Starting → Online
    QTRY_VERIFY(child<QLabel>("nodeCountLabel")->text().contains(QStringLiteral("1 online")));
    CHECKED(act("actionPause", LifecycleState::Paused));
    QVERIFY(action("actionResume")->isEnabled());
    QVERIFY(!action("actionPause")->isEnabled());
    CHECKED(act("actionResume", LifecycleState::Online));
    QVERIFY(child<QLabel>("lastActionLabel")->text().contains(QStringLiteral("Online")));
}

void TestMainWindow::illegalActionsAreDisabledAndRefusedInTheBanner()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    QVERIFY(action("actionStart")->isEnabled());
    for (const char *name :
         {"actionPause", "actionResume", "actionDrain", "actionRetire", "actionRestart"})
        QVERIFY2(!action(name)->isEnabled(), name);
    CHECKED(act("actionStart", LifecycleState::Online));
    for (const char *name : {"actionStart", "actionResume", "actionRetire", "actionRestart"})
        QVERIFY2(!action(name)->isEnabled(), name);
    QVERIFY(action("actionPause")->isEnabled() && action("actionDrain")->isEnabled());

    auto *banner = child<MessageBanner>("messageBanner");
    QVERIFY(!banner->isVisible());
    m_window->requestStateChange(LifecycleState::Retired);
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(banner->type(), MessageBanner::Type::Error);
    QVERIFY2(
        banner->text().contains(QStringLiteral("from Online a node can go to: Paused, Draining")),
        qPrintable(banner->text()));
    QCOMPARE(toString(stateOf(QStringLiteral("alpha"))), toString(LifecycleState::Online));
    QVERIFY(action("actionPause")->isEnabled()); // not stuck waiting after a refusal
}

void TestMainWindow::drainAndRetireAskForConfirmation()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    CHECKED(act("actionStart", LifecycleState::Online));

    // Neither can be undone: a "no" changes nothing and leaves the action available.
    m_confirmAnswer = false;
    action("actionDrain")->trigger();
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.last().contains(QStringLiteral("Drain alpha?")));
    QCOMPARE(toString(stateOf(QStringLiteral("alpha"))), toString(LifecycleState::Online));
    QVERIFY(action("actionDrain")->isEnabled());

    m_confirmAnswer = true;
    CHECKED(act("actionDrain", LifecycleState::Exited)); // nothing stored: drained at once
    QCOMPARE(m_questions.size(), 2);
    QVERIFY(action("actionRetire")->isEnabled());

    m_confirmAnswer = false;
    action("actionRetire")->trigger();
    QCOMPARE(m_questions.size(), 3);
    QVERIFY(m_questions.last().contains(QStringLiteral("Retire alpha?")));
    QCOMPARE(toString(stateOf(QStringLiteral("alpha"))), toString(LifecycleState::Exited));
    QVERIFY(action("actionRetire")->isEnabled());

    m_confirmAnswer = true;
    CHECKED(act("actionRetire", LifecycleState::Retired));
    QCOMPARE(m_questions.size(), 4);
    for (const char *name : {"actionStart", "actionPause", "actionResume", "actionDrain",
                             "actionRetire", "actionRestart"})
        QVERIFY2(!action(name)->isEnabled(), name);
}

void TestMainWindow::historyMatchesTheDatabaseRows()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    m_clock->advanceMs(60'000);
    CHECKED(act("actionStart", LifecycleState::Online));
    m_clock->advanceMs(60'000);
    CHECKED(act("actionPause", LifecycleState::Paused));
    CHECKED(act("actionResume", LifecycleState::Online));
    CHECKED(waitForHistoryRows(6));
    const QString id = idOf(QStringLiteral("alpha"));
    auto *history = child<TransitionHistoryModel>("transitionHistoryModel");
    QCOMPARE(history->nodeId(), id);

    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(profileFile(QStringLiteral("operator.sqlite")));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QVERIFY(db.open());
        QSqlQuery rows(db);
        QVERIFY(rows.prepare(QStringLiteral("SELECT from_state, to_state, at_ms, why, who FROM "
                                            "transitions WHERE node_id = ? ORDER BY id")));
        rows.addBindValue(id);
        QVERIFY(rows.exec());
        int row = 0;
        for (; rows.next(); ++row) {
            QVERIFY(row < history->rowCount());
            const Transition &shown = history->transitionAt(row);
            QCOMPARE(rows.value(0).toString(), toString(shown.from));
            QCOMPARE(rows.value(1).toString(), toString(shown.to));
            QCOMPARE(rows.value(2).toLongLong(), shown.atMs);
            QCOMPARE(rows.value(3).toString(), shown.why);
            QCOMPARE(rows.value(4).toString(), toString(shown.who));
        }
        QCOMPARE(row, history->rowCount());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));

    const QList<std::pair<LifecycleState, LifecycleState>> expected{
        {LifecycleState::Provisioning, LifecycleState::Provisioning},
        {LifecycleState::Provisioning, LifecycleState::Stopped},
        {LifecycleState::Stopped, LifecycleState::Starting},
        {LifecycleState::Starting, LifecycleState::Online},
        {LifecycleState::Online, LifecycleState::Paused},
        {LifecycleState::Paused, LifecycleState::Online}};
    for (int row = 0; row < expected.size(); ++row) {
        QCOMPARE(toString(history->transitionAt(row).from), toString(expected[row].first));
        QCOMPARE(toString(history->transitionAt(row).to), toString(expected[row].second));
    }
    QCOMPARE(toString(history->transitionAt(2).who), toString(Actor::Operator));
    QCOMPARE(history->transitionAt(2).atMs, kStartMs + 60'000);
    QVERIFY(history->transitionAt(2).why.contains(QStringLiteral("console")));
    QCOMPARE(toString(history->transitionAt(3).who),
             toString(Actor::Node)); // the node comes online by itself
    QCOMPARE(history->transitionAt(5).atMs, kStartMs + 120'000);
}

void TestMainWindow::wrongPassphraseOnSecondStartChangesNothing()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    closeConsole();
    QFile keyFile(profileFile(QStringLiteral("operator.key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray keyBefore = keyFile.readAll();
    keyFile.close();

    openConsole();
    CHECKED(waitForPassphraseDialog(PassphraseDialog::Mode::Unlock));
    PassphraseDialog *dialog = passphraseDialog();
    QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("confirmEdit")));
    CHECKED(unlock(QStringLiteral("not the passphrase")));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("wrong passphrase"), Qt::CaseInsensitive),
             qPrintable(error->text()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(operatorText(), QStringLiteral("Operator key locked"));
    QCOMPARE(nodes()->rowCount(), 0);
    QVERIFY(!action("actionAddNode")->isEnabled());
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QCOMPARE(keyFile.readAll(), keyBefore);
    keyFile.close();

    // The operator can try again in the same dialog.
    CHECKED(unlock(kPassphrase));
    QTRY_VERIFY(!passphraseDialog());
    QTRY_COMPARE(nodes()->rowCount(), 1);
    QCOMPARE(toString(stateOf(QStringLiteral("alpha"))), toString(LifecycleState::Stopped));
}

void TestMainWindow::filterNarrowsTheTable()
{
    CHECKED(createKey());
    CHECKED(addNode(QStringLiteral("alpha")));
    CHECKED(addNode(QStringLiteral("beta")));
    auto *proxy = child<QSortFilterProxyModel>("nodeProxyModel");
    QCOMPARE(proxy->rowCount(), 2);
    QTest::keyClicks(child<QLineEdit>("nodeFilter"), QStringLiteral("BET"));
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->index(0, NodeTableModel::NameColumn).data().toString(), QStringLiteral("beta"));
    child<QLineEdit>("nodeFilter")->clear();
    QCOMPARE(proxy->rowCount(), 2);
}

void TestMainWindow::geometryIsSavedToSettings()
{
    CHECKED(createKey());
    m_window->resize(1000, 700);
    QTRY_COMPARE(m_window->size(), QSize(1000, 700));
    m_window->close();
    QVERIFY(!ConsoleSettings().mainWindowGeometry().isEmpty());
    QVERIFY(QFile::exists(QSettings().fileName()));
    QVERIFY(QSettings().fileName().startsWith(m_settingsDir.path()));

    MainWindow second(*m_service);
    QCOMPARE(second.size(), QSize(1000, 700));
}

int main(int argc, char **argv)
{
    // The tests drive widgets, not a screen; also when run by hand outside ctest.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
