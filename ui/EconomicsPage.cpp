#include "EconomicsPage.h"

#include "ChartFrame.h"
#include "ConsoleLook.h"
#include "FigureRow.h"
#include "Format.h"
#include "Sentence.h"
#include "TimeRangeSelector.h"

#include <QDateTimeAxis>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <optional>

namespace streamsync::ui {

namespace {

using interfaces::EconomicsPoint;

constexpr double kMicroPerCredit = 1e6;
constexpr int kCostDelayMs = 400;             // recompute once the operator pauses typing
constexpr qint64 kDefaultEpochMs = 3'600'000; // when the view does not say
// Revenue more than this many times the incumbent's price (a node that stores a few MB and
// earns from queries) would flatten the reference lines onto the axis: a log scale instead.
constexpr double kLogScaleRatio = 1000.0;

// 19,000,000 rather than 1.9E+07 or 18,934,211: a ratio to read, not to audit.
qint64 twoSignificant(double value)
{
    if (!(value >= 100.0))
        return qint64(std::llround(value));
    const double unit = std::pow(10.0, std::floor(std::log10(value)) - 1.0);
    return qint64(std::llround(value / unit) * unit);
}

// The smallest and largest positive value, or nothing if none is positive.
std::optional<std::pair<double, double>> positiveSpan(const QList<double> &values)
{
    std::optional<std::pair<double, double>> span;
    for (double v : values) {
        if (!(v > 0.0))
            continue;
        span = span ? std::make_pair(std::min(span->first, v), std::max(span->second, v))
                    : std::make_pair(v, v);
    }
    return span;
}

QDoubleSpinBox *costSpin(const QString &objectName, const QString &suffix, const QString &tip,
                         QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0, 1e6);
    spin->setDecimals(6);
    spin->setSingleStep(0.01);
    spin->setSuffix(suffix);
    spin->setAlignment(Qt::AlignRight);
    spin->setToolTip(tip);
    return spin;
}

qint64 toMicro(double credits)
{
    return qint64(std::llround(credits * kMicroPerCredit));
}

} // namespace

EconomicsPage::EconomicsPage(interfaces::OperatorService &service, QWidget *parent)
    : ConsolePage(service, QStringLiteral("economicsPage"), parent)
{
    buildUi();
    render();
}

void EconomicsPage::buildUi()
{
    m_range = new TimeRangeSelector(this);
    m_range->setObjectName(QStringLiteral("economicsRange"));
    m_range->setPreset(TimeRangeSelector::Preset::LastWeek);
    connect(m_range, &TimeRangeSelector::rangeChanged, this, &EconomicsPage::markStale);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_range);
    bar->addStretch(1);
    bar->addLayout(buildCostRow());

    m_figures = new FigureRow(this);
    m_revenue = m_figures->addFigure(QStringLiteral("revenuePerGbMonthLabel"),
                                     tr("Revenue (fees + subsidy)"),
                                     tr("Average over the epochs shown, per GB-month stored"));
    m_margin = m_figures->addFigure(
        QStringLiteral("syntheticMarginLabel"), tr("Synthetic margin"),
        tr("The subsidy's part of the revenue: what the network adds on top of fees that "
           "competition pushes towards cost"));
    m_incumbent =
        m_figures->addFigure(QStringLiteral("incumbentPriceLabel"), tr("Incumbent's price"),
                             tr("A large cloud object store's list price, a parameter"));
    m_ownCost = m_figures->addFigure(QStringLiteral("ownCostLabel"), tr("Your cost"));
    m_net = m_figures->addFigure(QStringLiteral("netMarginLabel"), tr("Revenue − your cost"));

    m_chart = new ChartFrame(QStringLiteral("economics"), this);
    connect(m_chart, &ChartFrame::themeChanged, this, &EconomicsPage::render);

    m_scaleNote = new QLabel(this);
    m_scaleNote->setObjectName(QStringLiteral("economicsScaleNote"));
    m_scaleNote->setWordWrap(true);
    m_scaleNote->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_figures);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_scaleNote);
}

QLayout *EconomicsPage::buildCostRow()
{
    m_electricity = costSpin(QStringLiteral("electricitySpin"), tr(" cr/month"),
                             tr("What running the machine costs you a month in electricity; "
                                "spread over the data your nodes store"),
                             this);
    m_disk = costSpin(QStringLiteral("diskCostSpin"), tr(" cr/GB-month"),
                      tr("What the disk costs you per GB and month; 0 if it is already paid "
                         "for"),
                      this);
    m_electricity->setValue(format::toCredits(m_settings.electricityPerMonthMicro()));
    m_disk->setValue(format::toCredits(m_settings.diskPerGbMonthMicro()));
    m_costDelay = new QTimer(this);
    m_costDelay->setSingleShot(true);
    m_costDelay->setInterval(kCostDelayMs);
    connect(m_costDelay, &QTimer::timeout, this, &EconomicsPage::markStale);
    connect(m_electricity, &QDoubleSpinBox::valueChanged, this, &EconomicsPage::onCostEdited);
    connect(m_disk, &QDoubleSpinBox::valueChanged, this, &EconomicsPage::onCostEdited);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Electricity:"), this));
    row->addWidget(m_electricity);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Disk:"), this));
    row->addWidget(m_disk);
    return row;
}

interfaces::CostAssumptions EconomicsPage::costs() const
{
    return {toMicro(m_electricity->value()), toMicro(m_disk->value())};
}

void EconomicsPage::onCostEdited()
{
    const interfaces::CostAssumptions c = costs();
    m_settings.setElectricityPerMonthMicro(c.electricityPerMonthMicro);
    m_settings.setDiskPerGbMonthMicro(c.diskPerGbMonthMicro);
    m_costDelay->start();
}

void EconomicsPage::load()
{
    service()
        .economics(m_range->range(), costs())
        .then(this, [this](const Result<interfaces::EconomicsView> &result) {
            loaded();
            showEconomics(result);
        });
}

void EconomicsPage::showEconomics(const Result<interfaces::EconomicsView> &result)
{
    m_result = result;
    render();
}

EconomicsPage::Summary EconomicsPage::summarize(const QList<EconomicsPoint> &points)
{
    if (points.isEmpty())
        return {};
    Summary sum;
    for (const EconomicsPoint &p : points) {
        sum.feesMicro += p.feesPerGbMonthMicro;
        sum.subsidyMicro += p.subsidyPerGbMonthMicro;
    }
    return {sum.feesMicro / points.size(), sum.subsidyMicro / points.size()};
}

void EconomicsPage::render()
{
    m_chart->clear();
    m_logScale = false;
    m_scaleNote->hide();
    if (!m_result || !m_result->ok()) {
        m_figures->clearValues();
        m_chart->showMessage(
            m_result ? loadFailedText(tr("The economics"), asSentence(m_result->error()))
                     : tr("Revenue per GB-month appears here once the operator key is unlocked."));
        return;
    }
    renderFigures(m_result->value());
    renderChart(m_result->value());
}

void EconomicsPage::renderFigures(const interfaces::EconomicsView &view)
{
    const Summary s = summarize(view.points);
    const bool any = !view.points.isEmpty();
    const QString none = QStringLiteral("—");
    m_revenue->setText(any ? format::perGbMonth(s.revenue()) : none);
    m_margin->setText(
        any ? tr("%1 (%2)").arg(
                  format::perGbMonth(s.subsidyMicro),
                  format::percent(
                      s.revenue() > 0 ? double(s.subsidyMicro) / double(s.revenue()) : 0.0, 0))
            : none);
    m_incumbent->setText(format::perGbMonth(view.incumbentPerGbMonthMicro));
    m_ownCost->setText(format::perGbMonth(view.ownCostPerGbMonthMicro));
    m_ownCost->setToolTip(view.storedBytes > 0
                              ? tr("Electricity and disk spread over the %1 your nodes store")
                                    .arg(dataSize(view.storedBytes))
                              : tr("Your nodes store nothing yet: the cost is per GB as if "
                                   "they stored one"));
    const qint64 net = s.revenue() - view.ownCostPerGbMonthMicro;
    m_net->setText(any ? format::perGbMonth(net) : none);
    m_net->setStyleSheet(any && net < 0 ? errorTextStyle() : QString());
}

void EconomicsPage::renderChart(const interfaces::EconomicsView &view)
{
    if (view.points.isEmpty()) {
        m_chart->showMessage(tr("No closed epoch in this range yet — fee revenue and subsidy per "
                                "GB-month appear after each epoch close, against the incumbent's "
                                "price of %1.")
                                 .arg(format::perGbMonth(view.incumbentPerGbMonthMicro)));
        return;
    }
    QList<EconomicsPoint> sorted = view.points;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return a.endMs < b.endMs; });
    m_points = chart::keepLastOfBuckets(sorted, chart::kMaxPointsPerSeries / 2);
    QList<chart::Block> fees, total, zero;
    QList<double> values{format::toCredits(view.incumbentPerGbMonthMicro),
                         format::toCredits(view.ownCostPerGbMonthMicro)};
    const qint64 firstLength = view.epochLengthMs > 0 ? view.epochLengthMs : kDefaultEpochMs;
    qint64 previousEnd = 0;
    for (const EconomicsPoint &p : std::as_const(m_points)) {
        // An epoch spans from the previous close; the first is given the network's length.
        const qint64 start = previousEnd > 0 ? previousEnd : p.endMs - firstLength;
        const double f = format::toCredits(p.feesPerGbMonthMicro);
        const double t = f + format::toCredits(p.subsidyPerGbMonthMicro);
        fees.append({start, p.endMs, f});
        total.append({start, p.endMs, t});
        zero.append({start, p.endMs, 0.0});
        values.append(t);
        previousEnd = p.endMs;
    }
    const qint64 from = fees.constFirst().fromMs;
    const qint64 to = fees.constLast().toMs;
    QDateTimeAxis *time = m_chart->addTimeAxis(from, to);
    QAbstractAxis *perGb = nullptr;
    const auto span = positiveSpan(values);
    m_logScale = span && span->second / span->first > kLogScaleRatio;
    if (m_logScale) {
        perGb = m_chart->addLogAxis(span->first / 2.0, span->second * 2.0,
                                    tr("Per GB-month (cr, log scale)"));
    } else {
        const chart::AxisRange range = chart::paddedRange(values, true);
        perGb = m_chart->addValueAxis(range, tr("Per GB-month (cr)"), Qt::AlignLeft,
                                      chart::labelFormat(range.max));
    }
    const auto text = [this](const QPointF &p) { return pointText(qint64(p.x())); };
    if (m_logScale) {
        // Stacked bands mislead on a log axis (a band's height is no longer its amount): the
        // total and the fees as step lines instead. A log axis drops a whole series that has a
        // point at or below 0 (the outline's ends, an epoch without fees): those sit on the
        // axis' bottom.
        const double bottom = static_cast<QLogValueAxis *>(perGb)->min();
        const auto onAxis = [bottom](QList<QPointF> points) {
            for (QPointF &p : points)
                p.setY(std::max(p.y(), bottom));
            return points;
        };
        m_chart->addTooltip(m_chart->addLine(tr("Fees + subsidy"),
                                             onAxis(chart::blockOutline(total)),
                                             chart::colors::subsidy(), {time, perGb}, 2.5),
                            text);
        m_chart->addTooltip(m_chart->addLine(tr("Fee revenue"), onAxis(chart::blockOutline(fees)),
                                             chart::colors::fees(), {time, perGb}, 2.5),
                            text);
    } else {
        m_chart->addTooltip(m_chart->addArea(tr("Fee revenue"), chart::blockOutline(fees),
                                             chart::blockOutline(zero), chart::colors::fees(),
                                             {time, perGb}),
                            text);
        m_chart->addTooltip(m_chart->addArea(tr("Subsidy (synthetic margin)"),
                                             chart::blockOutline(total), chart::blockOutline(fees),
                                             chart::colors::subsidy(), {time, perGb}),
                            text);
    }
    const chart::TimeSpan timeSpan = chart::paddedTimeSpan(from, to);
    const double bottom = m_logScale ? static_cast<QLogValueAxis *>(perGb)->min() : 0.0;
    const auto flat = [&timeSpan, bottom](qint64 micro) {
        const double y = std::max(format::toCredits(micro), bottom);
        return QList<QPointF>{{double(timeSpan.fromMs), y}, {double(timeSpan.toMs), y}};
    };
    const qint64 incumbent = view.incumbentPerGbMonthMicro;
    m_chart->addTooltip(
        m_chart->addLine(tr("Incumbent's price"), flat(incumbent), chart::colors::danger(),
                         {time, perGb}, 2.0, Qt::DashLine),
        [incumbent](const QPointF &) {
            return tr("Incumbent's list price: %1").arg(format::perGbMonth(incumbent));
        });
    const qint64 cost = view.ownCostPerGbMonthMicro;
    m_chart->addTooltip(
        m_chart->addLine(tr("Your cost"), flat(cost), chart::colors::cost(), {time, perGb}, 2.0,
                         Qt::DotLine),
        [cost](const QPointF &) { return tr("Your cost: %1").arg(format::perGbMonth(cost)); });
    m_chart->showChart();
    if (m_logScale)
        showScaleNote(view, span->second);
}

// Says why the axis is logarithmic and what the large figure means, so a hobbyist does not
// take a few MB's revenue per GB-month for a fortune.
void EconomicsPage::showScaleNote(const interfaces::EconomicsView &view, double maxRevenue)
{
    const double incumbent = format::toCredits(view.incumbentPerGbMonthMicro);
    const QString ratio = incumbent > 0
                              ? tr("about %1 times the incumbent's price")
                                    .arg(QLocale().toString(twoSignificant(maxRevenue / incumbent)))
                              : tr("far above the reference lines");
    m_scaleNote->setText(
        tr("Log scale: revenue per GB-month reaches %1 because %2 store only %3. At this scale "
           "the earnings come from queries answered, not from bytes kept; the figure evens out "
           "as more data is stored.")
            .arg(ratio, view.wholeNetwork ? tr("the network's nodes") : tr("your nodes"),
                 dataSize(view.storedBytes)));
    m_scaleNote->show();
}

QString EconomicsPage::pointText(qint64 atMs) const
{
    const auto it = std::lower_bound(m_points.begin(), m_points.end(), atMs,
                                     [](const EconomicsPoint &p, qint64 t) { return p.endMs < t; });
    if (it == m_points.end())
        return {};
    return tr("Epoch %1, closed %2\nFees: %3\nSubsidy: %4\nTogether: %5")
        .arg(it->epoch)
        .arg(format::dateTime(it->endMs))
        .arg(format::perGbMonth(it->feesPerGbMonthMicro),
             format::perGbMonth(it->subsidyPerGbMonthMicro),
             format::perGbMonth(it->feesPerGbMonthMicro + it->subsidyPerGbMonthMicro));
}

} // namespace streamsync::ui
