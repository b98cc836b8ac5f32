// Every view of the real main window, filled with plausible data through a stand-in service
// (support/SampleData.h) at three sizes of history: one point, a day, a year. Checks what a
// person would notice first (a chart is drawn, not an empty frame; no series holds more points
// than the cap; every axis has a title), and with STREAMSYNC_GALLERY_DIR set saves each view as
// a PNG at 1280×800 and 1920×1080 in the light and dark palettes, for tests/screenshots.sh.

#include "ChartFrame.h"
#include "ChartStyle.h"
#include "ConsolePalette.h"
#include "MainWindow.h"
#include "PassphraseDialog.h"
#include "support/FakeOperatorService.h"
#include "support/SampleData.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QAreaSeries>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace streamsync;
using namespace streamsync::ui;
using namespace streamsync::test;

namespace {

const qint64 kNowMs = QDateTime::currentMSecsSinceEpoch();

// How many points each view's series may hold: the cap, plus the few a step or block outline
// adds at its ends.
constexpr int kPointSlack = 8;

int pointsOf(QAbstractSeries *series)
{
    if (auto *xy = qobject_cast<QXYSeries *>(series))
        return int(xy->count());
    if (auto *area = qobject_cast<QAreaSeries *>(series))
        return int(area->upperSeries()->count());
    return 0;
}

} // namespace

class TestViewGallery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyViewDrawsItsData_data();
    void everyViewDrawsItsData();

private:
    void fill(int points, qint64 spanMs);
    void openUnlocked();
    void checkCharts(const QString &view);
    void save(const QString &view, const QString &tag);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<FakeOperatorService> m_service;
    std::unique_ptr<MainWindow> m_window;
    QString m_galleryDir;
};

void TestViewGallery::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("StreamSyncUiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_view_gallery"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    m_galleryDir = qEnvironmentVariable("STREAMSYNC_GALLERY_DIR");
    if (!m_galleryDir.isEmpty())
        QVERIFY(QDir().mkpath(m_galleryDir));
}

void TestViewGallery::init()
{
    QSettings().clear();
    m_service = std::make_unique<FakeOperatorService>();
}

void TestViewGallery::cleanup()
{
    m_window.reset();
    m_service.reset();
    applyPalette(PaletteChoice::System);
}

// `points` epochs (or offers, scores…) over `spanMs` up to now, for three nodes.
void TestViewGallery::fill(int points, qint64 spanMs)
{
    QList<NodeSummary> nodes{sampleNode(QStringLiteral("00node0"), QStringLiteral("desk")),
                             sampleNode(QStringLiteral("n2"), QStringLiteral("attic")),
                             sampleNode(QStringLiteral("n3"), QStringLiteral("garage"))};
    nodes[1].state = LifecycleState::Paused;
    nodes[2].usedBytes = 480'000'000'000;
    m_service->nodesAnswer.result = nodes;
    m_service->earningsAnswer.result = sampleEarnings(kNowMs, points);
    m_service->reputationAnswer.result = sampleReputation(kNowMs, points);
    m_service->stakeAnswer.result = sampleStake(kNowMs, points);
    const MarketView market = sampleMarket(kNowMs, spanMs, 7);
    m_service->marketAnswer.result = market;
    m_service->priceCurveAnswer.result = sampleCurve(market);
    m_service->economicsAnswer.result = sampleEconomics(kNowMs, points);
    m_service->logAnswer.result = sampleLog(kNowMs, std::min(points, 300));
    Transition created;
    created.from = LifecycleState::Provisioning;
    created.to = LifecycleState::Stopped;
    created.atMs = kNowMs - spanMs;
    created.why = QStringLiteral("created in the console");
    m_service->historyAnswer.result = QList<Transition>{created};
}

void TestViewGallery::openUnlocked()
{
    m_window = std::make_unique<MainWindow>(*m_service);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->start();
    QTRY_VERIFY(m_window->findChild<PassphraseDialog *>());
    auto *dialog = m_window->findChild<PassphraseDialog *>();
    dialog->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))
        ->setText(QStringLiteral("correct horse battery"));
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!m_window->findChild<PassphraseDialog *>());
}

void TestViewGallery::everyViewDrawsItsData_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<qint64>("spanMs");
    QTest::newRow("one point") << 1 << kHourMs;
    QTest::newRow("a day") << 24 << kDayMs;
    QTest::newRow("a year") << 8760 << 365 * kDayMs;
}

void TestViewGallery::everyViewDrawsItsData()
{
    QFETCH(int, points);
    QFETCH(qint64, spanMs);
    fill(points, spanMs);
    openUnlocked();
    if (QTest::currentTestFailed())
        return;
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
    for (const QString &view : MainWindow::viewNames()) {
        QVERIFY(m_window->showView(view));
        QTest::qWait(250); // the page's load and its continuation
        checkCharts(view);
        if (QTest::currentTestFailed())
            return;
        save(view, tag);
    }
}

void TestViewGallery::checkCharts(const QString &view)
{
    QWidget *page =
        m_window->findChild<QStackedWidget *>(QStringLiteral("viewStack"))->currentWidget();
    for (ChartFrame *frame : page->findChildren<ChartFrame *>()) {
        QVERIFY2(frame->isShowingChart(),
                 qPrintable(view + QStringLiteral(": ") + frame->message()));
        QVERIFY2(!frame->chart()->series().isEmpty(), qPrintable(view));
        for (QAbstractSeries *series : frame->chart()->series())
            QVERIFY2(pointsOf(series) <= chart::kMaxPointsPerSeries + kPointSlack,
                     qPrintable(QStringLiteral("%1/%2: %3 points")
                                    .arg(view, series->name())
                                    .arg(pointsOf(series))));
        for (QAbstractAxis *axis : frame->chart()->axes(Qt::Vertical))
            QVERIFY2(!axis->titleText().isEmpty() ||
                         axis->type() == QAbstractAxis::AxisTypeBarCategory,
                     qPrintable(view));
    }
}

// Each view in both palettes at both sizes; nothing is saved unless asked for.
void TestViewGallery::save(const QString &view, const QString &tag)
{
    if (m_galleryDir.isEmpty())
        return;
    for (const PaletteChoice palette : {PaletteChoice::Light, PaletteChoice::Dark}) {
        applyPalette(palette);
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            m_window->resize(size);
            QTest::qWait(120);
            const QString file = QStringLiteral("%1/%2-%3-%4-%5x%6.png")
                                     .arg(m_galleryDir, view, tag, paletteName(palette))
                                     .arg(size.width())
                                     .arg(size.height());
            QVERIFY(m_window->grab().save(file));
        }
    }
    applyPalette(PaletteChoice::Light);
    m_window->resize(1280, 800);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestViewGallery test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_view_gallery.moc"
