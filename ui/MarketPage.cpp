#include "MarketPage.h"

#include "ChartFrame.h"
#include "ConsoleLook.h"
#include "Format.h"
#include "NodePicker.h"
#include "PriceChartView.h"
#include "PricePanel.h"
#include "Sentence.h"
#include "TimeRangeSelector.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QMap>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace streamsync::ui {

namespace {

using interfaces::OfferPoint;

constexpr int kMaxLabelChars = 16;

// The offers chart spans at least this much, so a market minutes old still reads as lines.
constexpr qint64 kShortestSpanMs = 2 * 60 * 1000;
constexpr int kDistributionMinHeight = 250;

QString offerLabel(const OfferPoint &offer)
{
    const QString name = offer.label.isEmpty() ? offer.shortId : offer.label;
    return offer.own ? MarketPage::tr("%1 (yours)").arg(name) : name;
}

QString elided(const QString &text)
{
    return text.size() <= kMaxLabelChars ? text : text.left(kMaxLabelChars - 1) + QChar(0x2026);
}

// Each node's offers, oldest first, keyed by node id in a stable (id) order.
QMap<QString, QList<OfferPoint>> offersByNode(const interfaces::MarketView &market)
{
    QMap<QString, QList<OfferPoint>> byNode;
    for (const OfferPoint &offer : market.history)
        byNode[offer.nodeId].append(offer);
    // A node that made no offer in the range still asks its current price all through it.
    for (const OfferPoint &offer : market.current) {
        if (!byNode.contains(offer.nodeId))
            byNode[offer.nodeId].append(offer);
    }
    for (auto &offers : byNode)
        std::sort(offers.begin(), offers.end(),
                  [](const OfferPoint &a, const OfferPoint &b) { return a.timeMs < b.timeMs; });
    return byNode;
}

} // namespace

MarketPage::MarketPage(interfaces::OperatorService &service, QWidget *parent)
    : ConsolePage(service, QStringLiteral("marketPage"), parent)
{
    buildUi();
    render();
}

void MarketPage::buildUi()
{
    m_node =
        new NodePicker(QStringLiteral("marketNodePicker"), NodePicker::AllOption::NotOffered, this);
    m_node->setToolTip(tr("Whose price to set"));
    m_range = new TimeRangeSelector(this);
    m_range->setObjectName(QStringLiteral("marketRange"));
    connect(m_node, &NodePicker::nodeChosen, this, [this] {
        m_draftEdited = false; // another node: start from its own price
        m_undoPrice = 0;
        markStale();
    });
    connect(m_range, &TimeRangeSelector::rangeChanged, this, &MarketPage::markStale);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_node);
    bar->addWidget(m_range);
    bar->addStretch(1);

    m_priceView = new PriceChartView;
    m_offersChart = new ChartFrame(QStringLiteral("market"), this, m_priceView);
    m_offersChart->setTitle(tr("Offers over time"));
    m_distributionChart = new ChartFrame(QStringLiteral("offersDistribution"), this);
    m_distributionChart->setTitle(tr("Current offers"));
    // Room for a readable bar per offer and the price axis under them at 1280×800.
    m_distributionChart->view()->setMinimumHeight(kDistributionMinHeight);
    connect(m_offersChart, &ChartFrame::themeChanged, this, &MarketPage::render);
    connect(m_priceView, &PriceChartView::priceDragged, this, &MarketPage::setDraftPrice);
    connect(m_priceView, &PriceChartView::dragFinished, this, [this] {
        if (m_renderPending)
            render();
    });

    auto *charts = new QSplitter(Qt::Vertical, this);
    charts->setChildrenCollapsible(false);
    charts->addWidget(m_offersChart);
    charts->addWidget(m_distributionChart);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("marketSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(charts);
    m_panel = new PricePanel(this);
    connect(m_panel, &PricePanel::priceEdited, this, &MarketPage::setDraftPrice);
    connect(m_panel, &PricePanel::applyClicked, this, [this] { publish(m_draft, false); });
    connect(m_panel, &PricePanel::undoClicked, this, [this] { publish(m_undoPrice, true); });
    split->addWidget(m_panel);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
}

void MarketPage::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    m_node->setNodes(nodes);
    updateApply();
}

void MarketPage::load()
{
    service().market(m_range->range()).then(this, [this](const Result<interfaces::MarketView> &r) {
        if (!r) {
            loaded();
            showMarketError(r.error());
            return;
        }
        loadCurve(r.value());
    });
}

// The projection is over the market just read, so it is asked for after it, every time.
void MarketPage::loadCurve(const interfaces::MarketView &market)
{
    const QString nodeId = m_node->currentNodeId();
    if (nodeId.isEmpty()) {
        loaded();
        setMarketData(market, nullptr);
        return;
    }
    service().priceCurve(nodeId).then(
        this, [this, market](const Result<interfaces::PriceCurvePtr> &curve) {
            loaded();
            if (curve)
                setMarketData(market, curve.value());
            else
                setMarketData(market, nullptr, curve.error());
        });
}

void MarketPage::setMarketData(const interfaces::MarketView &market,
                               interfaces::PriceCurvePtr curve, const QString &curveError)
{
    m_market = market;
    m_marketError.clear();
    m_publishedPrice = 0;
    m_curve = std::move(curve);
    m_curveError = curveError;
    if (!m_draftEdited && currentPrice() > 0)
        m_draft = currentPrice();
    render();
}

void MarketPage::showMarketError(const QString &error)
{
    m_market.reset();
    m_marketError = error;
    render();
}

qint64 MarketPage::currentPrice() const
{
    if (m_publishedPrice > 0)
        return m_publishedPrice; // until the reload brings the offer back from the log
    if (m_curve)
        return m_curve->currentPriceMicro();
    if (!m_market)
        return 0;
    for (const OfferPoint &offer : m_market->current) {
        if (offer.nodeId == m_node->currentNodeId())
            return offer.priceQueryMicro;
    }
    return 0;
}

void MarketPage::render()
{
    // Rebuilding the chart under the mouse would drop the line being dragged.
    if (m_priceView->isDragging()) {
        m_renderPending = true;
        return;
    }
    m_renderPending = false;
    m_offersChart->clear();
    m_distributionChart->clear();
    m_offersChart->setTitle(tr("Offers over time"));
    m_distributionChart->setTitle(tr("Current offers"));
    m_ownLine.clear();
    m_ownMarker.clear();
    m_priceView->setPriceLine(nullptr);
    if (!m_market) {
        const QString text = m_marketError.isEmpty()
                                 ? tr("Competitors' offers appear here once the market is loaded.")
                                 : loadFailedText(tr("The market"), asSentence(m_marketError));
        m_offersChart->showMessage(text);
        m_distributionChart->showMessage(QString());
    } else {
        renderOffers(*m_market);
        renderDistribution(*m_market);
    }
    m_panel->setCurrentAndMedian(currentPrice(), m_market ? m_market->medianMicro : 0);
    updateDraft();
}

void MarketPage::renderOffers(const interfaces::MarketView &market)
{
    const auto byNode = offersByNode(market);
    if (byNode.isEmpty()) {
        m_offersChart->showMessage(
            tr("No offers yet — every node's signed offer appears here as soon as it reaches "
               "this node's log."));
        return;
    }
    const qint64 now = market.nowMs > 0 ? market.nowMs : QDateTime::currentMSecsSinceEpoch();
    // The axis spans the chosen range; an offer older than its start is in effect from there.
    qint64 from = m_range->range().fromMs;
    QList<double> prices{double(m_draft), double(market.medianMicro)};
    for (const auto &offers : byNode) {
        if (m_range->range().fromMs <= 0)
            from =
                from > 0 ? std::min(from, offers.constFirst().timeMs) : offers.constFirst().timeMs;
        for (const OfferPoint &o : offers)
            prices.append(double(o.priceQueryMicro));
    }
    // A range longer than the market's history would squeeze every line against the right
    // edge: the axis starts at the first offer then, and spans at least a few minutes.
    qint64 earliest = now;
    for (const auto &offers : byNode)
        earliest = std::min(earliest, offers.constFirst().timeMs);
    from = std::max(from, earliest);
    from = std::min(from, now - kShortestSpanMs);
    const chart::AxisRange yRange = chart::paddedRange(prices, true);
    QDateTimeAxis *time = m_offersChart->addTimeAxis(from, now);
    QValueAxis *price = m_offersChart->addValueAxis(yRange, tr("Price (µcr/query)"), Qt::AlignLeft,
                                                    QStringLiteral("%.0f"));
    int competitor = 0;
    for (const auto &offers : byNode) {
        const bool own = offers.constFirst().own;
        addOfferLine(offers,
                     own ? chart::colors::own().darker(130) : chart::colors::series(competitor++),
                     time, price, from, now);
    }
    if (market.medianMicro > 0)
        addMedianLine(market, time, price, from, now);
    addOwnPriceLine(time, price, from, now);
    m_offersChart->showChart();
}

// One node's offers as a step line, its price held from each offer to the next.
void MarketPage::addOfferLine(const QList<OfferPoint> &offers, const QColor &color,
                              QAbstractAxis *time, QAbstractAxis *price, qint64 fromMs,
                              qint64 nowMs)
{
    QList<QPointF> changes;
    for (const OfferPoint &o : offers)
        changes.append({double(std::max(o.timeMs, fromMs)), double(o.priceQueryMicro)});
    const QString name = offerLabel(offers.constFirst());
    QLineSeries *line =
        m_offersChart->addLine(name, chart::decimate(chart::stepLine(changes, double(nowMs))),
                               color, {time, price}, offers.constFirst().own ? 2.5 : 1.5);
    m_offersChart->addTooltip(line, [name, changes](const QPointF &p) {
        auto it = std::upper_bound(changes.begin(), changes.end(), p.x(),
                                   [](double x, const QPointF &c) { return x < c.x(); });
        const QPointF at = it == changes.begin() ? changes.constFirst() : *(it - 1);
        return tr("%1\n%2\nsince %3")
            .arg(name, format::pricePerQuery(qint64(at.y())), format::dateTime(qint64(at.x())));
    });
}

// The median of the offers at each epoch close, held until the next.
void MarketPage::addMedianLine(const interfaces::MarketView &market, QAbstractAxis *time,
                               QAbstractAxis *price, qint64 fromMs, qint64 nowMs)
{
    QList<QPointF> changes;
    for (const auto &d : market.distribution) {
        if (d.endMs >= fromMs && d.medianMicro > 0)
            changes.append({double(d.endMs), double(d.medianMicro)});
    }
    if (changes.isEmpty())
        changes.append({double(fromMs), double(market.medianMicro)});
    QLineSeries *line = m_offersChart->addLine(
        tr("Market median"), chart::decimate(chart::stepLine(changes, double(nowMs))),
        chart::colors::median(), {time, price}, 2.0, Qt::DashLine);
    m_offersChart->addTooltip(line, [](const QPointF &p) {
        return tr("Market median\n%1\n%2")
            .arg(format::pricePerQuery(qint64(p.y() + 0.5)), format::dateTime(qint64(p.x())));
    });
}

void MarketPage::addOwnPriceLine(QAbstractAxis *time, QAbstractAxis *price, qint64 fromMs,
                                 qint64 toMs)
{
    if (m_node->currentNodeId().isEmpty() || m_draft <= 0)
        return;
    const chart::TimeSpan span = chart::paddedTimeSpan(fromMs, toMs);
    m_lineFromMs = span.fromMs;
    m_lineToMs = span.toMs;
    m_ownLine = m_offersChart->addLine(tr("New price (drag it)"), {}, chart::colors::own(),
                                       {time, price}, 3.0);
    m_offersChart->addTooltip(m_ownLine, [this](const QPointF &) {
        return tr("Drag to try another price: %1").arg(format::pricePerQuery(m_draft));
    });
    m_priceView->setPriceLine(m_ownLine);
    m_priceView->setBounds(m_market ? m_market->minAllowedMicro : 1,
                           m_market ? m_market->maxAllowedMicro : 0);
    positionLine();
}

void MarketPage::renderDistribution(const interfaces::MarketView &market)
{
    QList<OfferPoint> current = market.current;
    if (current.isEmpty()) {
        m_distributionChart->showMessage(tr("No current offers."));
        return;
    }
    std::sort(current.begin(), current.end(), [](const OfferPoint &a, const OfferPoint &b) {
        return a.priceQueryMicro > b.priceQueryMicro; // the cheapest at the top
    });
    auto *competitors = new QBarSet(tr("Competitors"));
    auto *yours = new QBarSet(tr("Your nodes"));
    QStringList names;
    QList<double> prices{double(m_draft), double(market.medianMicro)};
    for (const OfferPoint &o : std::as_const(current)) {
        competitors->append(o.own ? 0.0 : double(o.priceQueryMicro));
        yours->append(o.own ? double(o.priceQueryMicro) : 0.0);
        names.append(elided(offerLabel(o)));
        prices.append(double(o.priceQueryMicro));
    }
    auto *bars = new QHorizontalStackedBarSeries;
    bars->append(competitors);
    bars->append(yours);
    bars->setBarWidth(0.7);
    auto *categories = new QBarCategoryAxis;
    categories->append(names);
    m_distributionChart->chart()->addAxis(categories, Qt::AlignLeft);
    QValueAxis *price =
        m_distributionChart->addValueAxis(chart::paddedRange(prices, true), tr("Price (µcr/query)"),
                                          Qt::AlignBottom, QStringLiteral("%.0f"));
    m_distributionChart->addSeries(bars, {categories, price});
    competitors->setColor(chart::colors::fees());
    yours->setColor(chart::colors::own().darker(130));
    for (QBarSet *set : {competitors, yours}) {
        m_distributionChart->addTooltip(set, [current](int index) {
            if (index < 0 || index >= current.size())
                return QString();
            const OfferPoint &o = current.at(index);
            return tr("%1\n%2\noffer #%3, since %4")
                .arg(offerLabel(o), format::pricePerQuery(o.priceQueryMicro))
                .arg(o.offerSeq)
                .arg(format::dateTime(o.timeMs));
        });
    }
    m_distributionCount = int(current.size());
    // A bar per offer needs about a line of text, or Qt Charts elides every name to "...".
    m_distributionChart->view()->setMinimumHeight(
        std::max(kDistributionMinHeight, 110 + 26 * m_distributionCount));
    const double top = double(m_distributionCount) - 0.5;
    if (market.medianMicro > 0)
        m_distributionChart->addLine(
            tr("Median"), {{double(market.medianMicro), -0.5}, {double(market.medianMicro), top}},
            chart::colors::median(), {price, categories}, 2.0, Qt::DashLine);
    if (!m_node->currentNodeId().isEmpty() && m_draft > 0)
        m_ownMarker = m_distributionChart->addLine(tr("New price"), {}, chart::colors::own(),
                                                   {price, categories}, 2.5);
    positionLine();
    m_distributionChart->showChart();
}

void MarketPage::setDraftPrice(qint64 priceMicro)
{
    m_draft = priceMicro;
    m_draftEdited = true;
    updateDraft();
}

// Line, spin box, projection and Apply all follow the draft price.
void MarketPage::updateDraft()
{
    m_panel->setPrice(m_draft);
    positionLine();
    updateProjection();
    updateApply();
}

void MarketPage::positionLine()
{
    m_priceView->setPrice(m_draft);
    if (m_ownLine)
        m_ownLine->replace(QList<QPointF>{{double(m_lineFromMs), double(m_draft)},
                                          {double(m_lineToMs), double(m_draft)}});
    if (m_ownMarker)
        m_ownMarker->replace(
            QList<QPointF>{{double(m_draft), -0.5}, {double(m_draft), m_distributionCount - 0.5}});
}

void MarketPage::updateProjection()
{
    if (!m_curve || m_draft <= 0)
        m_panel->setProjection(std::nullopt,
                               m_curveError.isEmpty()
                                   ? QString()
                                   : tr("not available: %1").arg(asSentence(m_curveError)));
    else
        m_panel->setProjection(m_curve->at(m_draft), QString());
}

// Why Apply is off, in a sentence; empty when it may be pressed.
QString MarketPage::refusal() const
{
    if (m_node->currentNodeId().isEmpty())
        return tr("Add a node to set its price.");
    if (!m_market)
        return m_marketError.isEmpty() ? tr("Waiting for the market…")
                                       : tr("The market could not be loaded.");
    if (m_busy)
        return tr("Publishing the offer…");
    if (m_draft < m_market->minAllowedMicro)
        return tr("The network refuses prices under %1.")
            .arg(format::pricePerQuery(m_market->minAllowedMicro));
    if (m_market->maxAllowedMicro > 0 && m_draft > m_market->maxAllowedMicro)
        return tr("Above the network's maximum of %1.")
            .arg(format::pricePerQuery(m_market->maxAllowedMicro));
    if (m_curve) {
        const interfaces::PricePoint point = m_curve->at(m_draft);
        if (!point.allowed)
            return point.whyNot.isEmpty() ? tr("The network would refuse this price.")
                                          : asSentence(point.whyNot);
    }
    if (m_draft == currentPrice())
        return tr("This is the node's current price.");
    return {};
}

void MarketPage::updateApply()
{
    const QString why = refusal();
    // "This is the current price" is a state, not a problem.
    m_panel->setApply(why, !why.isEmpty() && m_draft != currentPrice());
    m_panel->setUndo(m_undoPrice, !m_busy && !m_node->currentNodeId().isEmpty());
}

void MarketPage::publish(qint64 priceMicro, bool undo)
{
    const QString nodeId = m_node->currentNodeId();
    if (nodeId.isEmpty() || priceMicro <= 0)
        return;
    const qint64 previous = currentPrice();
    m_busy = true;
    updateApply();
    service()
        .publishOffer(nodeId, priceMicro)
        .then(this,
              [this, priceMicro, previous, undo](const Result<interfaces::OfferPoint> &result) {
                  onPublished(priceMicro, previous, undo, result);
              });
}

void MarketPage::onPublished(qint64 priceMicro, qint64 previous, bool undo,
                             const Result<interfaces::OfferPoint> &result)
{
    m_busy = false;
    if (!result) {
        report(tr("Could not publish the offer at %1: %2")
                   .arg(format::pricePerQuery(priceMicro), result.error()),
               MessageBanner::Type::Error);
        updateApply();
        return;
    }
    // Undo of an undo would only flip between two prices; after an undo there is nothing left.
    m_undoPrice = undo ? 0 : previous;
    m_draftEdited = false;
    m_draft = priceMicro;
    m_publishedPrice = priceMicro;
    report(tr("Published the offer: %1 (offer #%2)")
               .arg(format::pricePerQuery(priceMicro))
               .arg(result->offerSeq),
           MessageBanner::Type::Positive);
    updateDraft();
    markStale(); // the new offer, the median and the projection move with it
}

} // namespace streamsync::ui
