#include "ReputationPage.h"

#include "ChartFrame.h"
#include "ConsoleLook.h"
#include "FigureRow.h"
#include "Format.h"
#include "NodePicker.h"
#include "Sentence.h"
#include "TimeRangeSelector.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace streamsync::ui {

namespace {

using interfaces::ReputationCause;
using interfaces::ReputationPoint;
using Model = RowTableModel<ReputationCause>;

QList<Model::Column> causeColumns()
{
    return {
        {ReputationPage::tr("Time"),
         [](const ReputationCause &c) { return format::dateTime(c.timeMs); },
         [](const ReputationCause &c) { return c.timeMs; }},
        {ReputationPage::tr("Kind"),
         [](const ReputationCause &c) {
             return c.kind == QLatin1String("race_report")    ? ReputationPage::tr("Race report")
                    : c.kind == QLatin1String("audit_report") ? ReputationPage::tr("Audit report")
                                                              : c.kind;
         }},
        {ReputationPage::tr("What it reported"),
         [](const ReputationCause &c) { return c.summary; }},
        {ReputationPage::tr("Event"),
         [](const ReputationCause &c) { return format::shortHash(c.eventHash); },
         {},
         [](const ReputationCause &c) { return c.eventHash; }},
    };
}

// Every score line: its name, how to read it from a point, its colour and pen width.
struct ScoreLine
{
    QString name;
    double (*value)(const ReputationPoint &);
    QColor color;
    qreal width;
};

QList<ScoreLine> scoreLines()
{
    return {
        {ReputationPage::tr("Quality (selection weight)"),
         [](const ReputationPoint &p) { return p.quality; }, QColor(0x9b, 0x59, 0xb6), 3.0},
        {ReputationPage::tr("Accuracy"), [](const ReputationPoint &p) { return p.accuracy; },
         QColor(0x2e, 0x9d, 0x4f), 2.0},
        {ReputationPage::tr("Performance"), [](const ReputationPoint &p) { return p.performance; },
         QColor(0x3b, 0x82, 0xc4), 2.0},
        {ReputationPage::tr("Uptime"), [](const ReputationPoint &p) { return p.uptime; },
         QColor(0x1a, 0xa6, 0xa6), 2.0},
        {ReputationPage::tr("Stake term"), [](const ReputationPoint &p) { return p.stakeTerm; },
         QColor(0xe0, 0x8a, 0x1e), 2.0},
    };
}

// Oldest first, and at most kMaxPointsPerSeries of them.
QList<ReputationPoint> thinned(QList<ReputationPoint> points)
{
    std::sort(points.begin(), points.end(), [](const ReputationPoint &a, const ReputationPoint &b) {
        return a.timeMs < b.timeMs;
    });
    return chart::keepLastOfBuckets(points);
}

} // namespace

ReputationPage::ReputationPage(interfaces::OperatorService &service, QWidget *parent)
    : ConsolePage(service, QStringLiteral("reputationPage"), parent)
{
    buildUi();
    render();
}

void ReputationPage::buildUi()
{
    m_node = new NodePicker(QStringLiteral("reputationNodePicker"),
                            NodePicker::AllOption::NotOffered, this);
    m_range = new TimeRangeSelector(this);
    m_range->setObjectName(QStringLiteral("reputationRange"));
    connect(m_node, &NodePicker::nodeChosen, this, &ReputationPage::markStale);
    connect(m_range, &TimeRangeSelector::rangeChanged, this, &ReputationPage::markStale);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_node);
    bar->addWidget(m_range);
    bar->addStretch(1);

    m_figures = new FigureRow(this);
    m_quality = m_figures->addFigure(QStringLiteral("qualityLabel"), tr("Quality"),
                                     tr("0.4 performance + 0.3 accuracy + 0.2 uptime + 0.1 stake "
                                        "term: the weight selection gives the node before price"));
    m_accuracy = m_figures->addFigure(QStringLiteral("accuracyLabel"), tr("Accuracy"));
    m_performance = m_figures->addFigure(QStringLiteral("performanceLabel"), tr("Performance"));
    m_uptime = m_figures->addFigure(QStringLiteral("uptimeLabel"), tr("Uptime"));
    m_stakeTerm = m_figures->addFigure(QStringLiteral("stakeTermLabel"), tr("Stake term"));

    m_chart = new ChartFrame(QStringLiteral("reputation"), this);
    connect(m_chart, &ChartFrame::themeChanged, this, &ReputationPage::render);

    m_causes = new Model(causeColumns(), this);
    m_causes->setObjectName(QStringLiteral("causeModel"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("causeTable"));
    setUpSortedTable(m_table, m_causes, Model::SortRole, 0, Qt::DescendingOrder);

    auto *tablePart = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePart);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(sectionHeading(tr("What moved the scores"), tablePart));
    tableLayout->addWidget(m_table);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_chart);
    split->addWidget(tablePart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_figures);
    layout->addWidget(split, 1);
}

void ReputationPage::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    m_node->setNodes(nodes);
}

void ReputationPage::load()
{
    const QString nodeId = m_node->currentNodeId();
    if (nodeId.isEmpty()) {
        loaded();
        m_result.reset();
        render();
        return;
    }
    service()
        .reputation(nodeId, m_range->range())
        .then(this, [this](const Result<interfaces::ReputationSeries> &result) {
            loaded();
            showReputation(result);
        });
}

void ReputationPage::showReputation(const Result<interfaces::ReputationSeries> &result)
{
    m_result = result;
    render();
}

void ReputationPage::render()
{
    m_chart->clear();
    if (!m_result) {
        m_figures->clearValues();
        m_chart->showMessage(m_node->hasNodes()
                                 ? tr("The node's scores appear here once they are loaded.")
                                 : tr("Add a node to see its reputation: performance, accuracy, "
                                      "uptime and stake term, as the network scores them."));
        return;
    }
    if (!m_result->ok()) {
        m_figures->clearValues();
        m_causes->setRows({});
        m_chart->showMessage(loadFailedText(tr("Reputation"), asSentence(m_result->error())));
        return;
    }
    const interfaces::ReputationSeries &series = m_result->value();
    m_causes->setRows(series.causes);
    renderFigures(series);
    renderChart(series);
}

void ReputationPage::renderFigures(const interfaces::ReputationSeries &series)
{
    if (series.points.isEmpty()) {
        m_figures->clearValues();
        return;
    }
    const ReputationPoint latest =
        *std::max_element(series.points.begin(), series.points.end(),
                          [](const auto &a, const auto &b) { return a.timeMs < b.timeMs; });
    m_quality->setText(latest.suspended ? tr("%1 (suspended)").arg(format::percent(latest.quality))
                                        : format::percent(latest.quality));
    m_quality->setStyleSheet(latest.suspended ? errorTextStyle() : QString());
    m_accuracy->setText(format::percent(latest.accuracy));
    m_accuracy->setStyleSheet(latest.accuracy < series.suspensionThreshold ? errorTextStyle()
                                                                           : QString());
    m_performance->setText(format::percent(latest.performance));
    m_uptime->setText(format::percent(latest.uptime));
    m_stakeTerm->setText(format::percent(latest.stakeTerm));
}

void ReputationPage::renderChart(const interfaces::ReputationSeries &series)
{
    if (series.points.isEmpty()) {
        m_chart->showMessage(
            tr("No scores yet — a node is scored from the race and audit reports customers and "
               "auditors post about it; the first appear after its first queries."));
        return;
    }
    m_points = thinned(series.points);
    const qint64 from = m_points.constFirst().timeMs;
    const qint64 to = m_points.constLast().timeMs;
    QDateTimeAxis *time = m_chart->addTimeAxis(from, to);
    QValueAxis *percent =
        m_chart->addValueAxis({0, 100}, tr("Score (%)"), Qt::AlignLeft, QStringLiteral("%.0f"));
    percent->setTickCount(6);
    // The band spans the whole time axis, not just the points, so it reads as a floor.
    const chart::TimeSpan span = chart::paddedTimeSpan(from, to);
    const double threshold = series.suspensionThreshold * 100.0;
    QColor band = chart::colors::danger();
    QAreaSeries *floor = m_chart->addArea(
        tr("Suspended under %1 % accuracy").arg(QLocale().toString(threshold, 'f', 0)),
        {{double(span.fromMs), threshold}, {double(span.toMs), threshold}}, {}, band,
        {time, percent});
    band.setAlpha(45);
    floor->setBrush(band);
    floor->setPen(QPen(chart::colors::danger(), 1.5, Qt::DashLine));
    m_chart->addTooltip(floor, [threshold](const QPointF &) {
        return tr("Under %1 % accuracy the protocol suspends a node: it is no longer selected.")
            .arg(QLocale().toString(threshold, 'f', 0));
    });
    for (const ScoreLine &line : scoreLines()) {
        QList<QPointF> points;
        points.reserve(m_points.size());
        for (const ReputationPoint &p : std::as_const(m_points))
            points.append({double(p.timeMs), line.value(p) * 100.0});
        QLineSeries *series =
            m_chart->addLine(line.name, points, line.color, {time, percent}, line.width);
        series->setPointsVisible(points.size() == 1);
        m_chart->addTooltip(series, [this](const QPointF &p) { return pointText(qint64(p.x())); });
    }
    m_chart->showChart();
}

// The scores at the point nearest the mouse.
QString ReputationPage::pointText(qint64 atMs) const
{
    if (m_points.isEmpty())
        return {};
    const auto nearest =
        std::min_element(m_points.begin(), m_points.end(), [atMs](const auto &a, const auto &b) {
            return std::llabs(a.timeMs - atMs) < std::llabs(b.timeMs - atMs);
        });
    const ReputationPoint &p = *nearest;
    return tr("%1%2\nQuality: %3\nAccuracy: %4\nPerformance: %5\nUptime: %6\nStake term: %7")
        .arg(format::dateTime(p.timeMs), p.suspended ? tr(" (suspended)") : QString(),
             format::percent(p.quality), format::percent(p.accuracy),
             format::percent(p.performance), format::percent(p.uptime),
             format::percent(p.stakeTerm));
}

} // namespace streamsync::ui
