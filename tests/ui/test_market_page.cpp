// The Market view's price line, driven with the mouse (the widget's drag logic): the view is fed
// a MarketView and a small PriceCurve (support/SampleData.h), the own price line is dragged on
// the chart view's viewport, and the spin box, the projected win share and earnings and Apply
// follow. The same view over real market data is exercised through the real service elsewhere.

#include "ChartFrame.h"
#include "MarketPage.h"
#include "PriceChartView.h"
#include "support/FakeOperatorService.h"
#include "support/SampleData.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace streamsync;
using namespace streamsync::ui;
using namespace streamsync::test;

namespace {

constexpr qint64 kNowMs = 1'700'000'000'000;
constexpr qint64 kMaxAllowed = 170; // close above the offers, so a drag can reach it

} // namespace

class TestMarketPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startsAtTheCurrentPrice();
    void draggingTheLineMovesTheSpinBoxAndTheProjection();
    void aPressAwayFromTheLineDoesNotDrag();
    void dragIsClampedToTheAllowedMaximum();
    void typingAPriceMovesTheLine();
    void applyIsDisabledWithTheReasonAboveTheMaximum();
    void applyPublishesAndUndoRestores();
    void refusedOfferIsShownAsAnError();
    void everyNodeHasALabelledLine();
    void errorsAreShownInPlaceOfTheChart();

private:
    void drag(const QPoint &from, const QPoint &to);
    template <typename T> T *child(const char *name) const
    {
        return m_page->findChild<T *>(QLatin1String(name));
    }
    QWidget *viewport() const { return m_page->priceView()->viewport(); }
    qint64 spinValue() const { return qint64(child<QDoubleSpinBox>("ownPriceSpin")->value()); }

    std::unique_ptr<FakeOperatorService> m_service;
    std::unique_ptr<MarketPage> m_page;
    MarketView m_market;
    qint64 m_current = 0;
};

void TestMarketPage::init()
{
    m_service = std::make_unique<FakeOperatorService>();
    m_page = std::make_unique<MarketPage>(*m_service);
    m_page->resize(1100, 720);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->setNodes({sampleNode(QStringLiteral("00node0"), QStringLiteral("desk"))});
    m_market = sampleMarket(kNowMs, 24 * kHourMs, 6, kMaxAllowed);
    m_page->setMarketData(m_market, sampleCurve(m_market));
    m_current = m_market.current.constFirst().priceQueryMicro;
    QTRY_VERIFY(!m_page->priceView()->linePosition().isNull());
}

void TestMarketPage::cleanup()
{
    m_page.reset();
    m_service.reset();
}

// Press on the line, move in steps (as a hand does), release.
void TestMarketPage::drag(const QPoint &from, const QPoint &to)
{
    QTest::mousePress(viewport(), Qt::LeftButton, {}, from);
    for (int step = 1; step <= 4; ++step)
        QTest::mouseMove(viewport(), from + (to - from) * step / 4);
    QTest::mouseRelease(viewport(), Qt::LeftButton, {}, to);
}

void TestMarketPage::startsAtTheCurrentPrice()
{
    QCOMPARE(spinValue(), m_current);
    QCOMPARE(m_page->draftPriceMicro(), m_current);
    QVERIFY(child<QLabel>("projectedWinShareLabel")->text().contains(QStringLiteral("%")));
    QVERIFY(
        child<QLabel>("projectedEarningsLabel")->text().contains(QStringLiteral("cr per epoch")));
    // Nothing to apply yet: the price is the node's own.
    QVERIFY(!child<QPushButton>("applyOfferButton")->isEnabled());
    QVERIFY(child<QLabel>("applyReasonLabel")->text().contains(QStringLiteral("current price")));
    QVERIFY(!child<QPushButton>("undoOfferButton")->isEnabled());
}

void TestMarketPage::draggingTheLineMovesTheSpinBoxAndTheProjection()
{
    const QString share = child<QLabel>("projectedWinShareLabel")->text();
    const QString earnings = child<QLabel>("projectedEarningsLabel")->text();
    QSignalSpy dragged(m_page->priceView(), &PriceChartView::priceDragged);
    QSignalSpy finished(m_page->priceView(), &PriceChartView::dragFinished);
    const QPoint line = m_page->priceView()->linePosition();
    drag(line, line - QPoint(0, 80)); // up: a higher price

    QVERIFY(dragged.size() >= 2); // every move is announced, not just the end
    QCOMPARE(finished.size(), 1);
    const qint64 price = spinValue();
    QVERIFY2(price > m_current, qPrintable(QStringLiteral("%1 <= %2").arg(price).arg(m_current)));
    QCOMPARE(m_page->draftPriceMicro(), price);
    QCOMPARE(finished.first().at(0).toLongLong(), price);
    QVERIFY(child<QLabel>("projectedWinShareLabel")->text() != share);
    QVERIFY(child<QLabel>("projectedEarningsLabel")->text() != earnings);
    // The line went with the mouse, in whole µcr.
    QVERIFY(qAbs(m_page->priceView()->linePosition().y() - (line.y() - 80)) <= 2);
    QVERIFY(child<QPushButton>("applyOfferButton")->isEnabled());
    QVERIFY(child<QLabel>("applyReasonLabel")->text().isEmpty());
}

void TestMarketPage::aPressAwayFromTheLineDoesNotDrag()
{
    QSignalSpy dragged(m_page->priceView(), &PriceChartView::priceDragged);
    const QPoint away = m_page->priceView()->linePosition() + QPoint(0, 60);
    drag(away, away - QPoint(0, 40));
    QCOMPARE(dragged.size(), 0);
    QCOMPARE(spinValue(), m_current);
}

void TestMarketPage::dragIsClampedToTheAllowedMaximum()
{
    const QPoint line = m_page->priceView()->linePosition();
    drag(line, QPoint(line.x(), -600)); // far above the plot
    QCOMPARE(spinValue(), kMaxAllowed);
    QVERIFY(child<QPushButton>("applyOfferButton")->isEnabled());

    const QPoint top = m_page->priceView()->linePosition();
    drag(top, QPoint(top.x(), viewport()->height() + 600)); // far below
    QCOMPARE(spinValue(), m_market.minAllowedMicro);
}

void TestMarketPage::typingAPriceMovesTheLine()
{
    const QPoint before = m_page->priceView()->linePosition();
    auto *spin = child<QDoubleSpinBox>("ownPriceSpin");
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(m_current + 30));
    QCOMPARE(m_page->draftPriceMicro(), m_current + 30);
    QVERIFY(m_page->priceView()->linePosition().y() < before.y() - 5);
    QCOMPARE(m_page->priceView()->priceAt(m_page->priceView()->linePosition()), m_current + 30);
}

void TestMarketPage::applyIsDisabledWithTheReasonAboveTheMaximum()
{
    auto *spin = child<QDoubleSpinBox>("ownPriceSpin");
    spin->setValue(double(kMaxAllowed + 1));
    auto *apply = child<QPushButton>("applyOfferButton");
    QVERIFY(!apply->isEnabled());
    const QString reason = child<QLabel>("applyReasonLabel")->text();
    QVERIFY2(reason.contains(QStringLiteral("maximum")) &&
                 reason.contains(QString::number(kMaxAllowed)),
             qPrintable(reason));
    // The projection still answers, so the operator sees what the price would have done.
    QVERIFY(child<QLabel>("projectedWinShareLabel")->text().contains(QStringLiteral("%")));
    spin->setValue(double(kMaxAllowed));
    QVERIFY(apply->isEnabled());
}

void TestMarketPage::applyPublishesAndUndoRestores()
{
    OfferPoint published;
    published.offerSeq = 9;
    m_service->publishAnswer.result = published;
    QSignalSpy messages(m_page.get(), &ConsolePage::message);
    child<QDoubleSpinBox>("ownPriceSpin")->setValue(double(m_current + 12));
    child<QPushButton>("applyOfferButton")->click();
    QCOMPARE(m_service->publishedPrices, QList<qint64>{m_current + 12});
    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("offer #9")));
    QVERIFY(!child<QPushButton>("applyOfferButton")->isEnabled()); // it is the price now

    auto *undo = child<QPushButton>("undoOfferButton");
    QVERIFY(undo->isEnabled());
    undo->click();
    QCOMPARE(m_service->publishedPrices, (QList<qint64>{m_current + 12, m_current}));
    QCOMPARE(spinValue(), m_current);
    QVERIFY(!undo->isEnabled());
}

void TestMarketPage::refusedOfferIsShownAsAnError()
{
    m_service->publishAnswer.result = Error{QStringLiteral("the node's log is not writable")};
    QSignalSpy messages(m_page.get(), &ConsolePage::message);
    child<QDoubleSpinBox>("ownPriceSpin")->setValue(double(m_current + 1));
    child<QPushButton>("applyOfferButton")->click();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.last().at(1).value<MessageBanner::Type>(), MessageBanner::Type::Error);
    QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("not writable")));
    QVERIFY(child<QPushButton>("applyOfferButton")->isEnabled()); // may try again
    QVERIFY(!child<QPushButton>("undoOfferButton")->isEnabled());
}

void TestMarketPage::everyNodeHasALabelledLine()
{
    QStringList names;
    for (QAbstractSeries *series : m_page->priceView()->chart()->series())
        names.append(series->name());
    QVERIFY2(names.contains(QStringLiteral("desk (yours)")), qPrintable(names.join(u',')));
    QVERIFY(names.contains(QStringLiteral("cheap-fast")));
    QVERIFY(names.contains(QStringLiteral("Market median")));
    QVERIFY(names.contains(QStringLiteral("New price (drag it)")));
    QCOMPARE(names.size(), 6 + 2);
    auto *frame = m_page->findChild<ChartFrame *>(QStringLiteral("offersDistributionChart"));
    QVERIFY(frame && frame->isShowingChart());
}

void TestMarketPage::errorsAreShownInPlaceOfTheChart()
{
    m_page->showMarketError(QStringLiteral("not implemented yet"));
    auto *frame = m_page->findChild<ChartFrame *>(QStringLiteral("marketChart"));
    QVERIFY(!frame->isShowingChart());
    QVERIFY(frame->message().contains(QStringLiteral("Not implemented yet.")));
    QVERIFY(!child<QPushButton>("applyOfferButton")->isEnabled());
    QVERIFY(child<QLabel>("applyReasonLabel")->text().contains(QStringLiteral("market")));
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestMarketPage test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_market_page.moc"
