#include "EarningsPage.h"

#include "ChartFrame.h"
#include "ConsoleLook.h"
#include "FigureRow.h"
#include "Format.h"
#include "NodePicker.h"
#include "Sentence.h"
#include "TimeRangeSelector.h"

#include <QAction>
#include <QAreaSeries>
#include <QClipboard>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace streamsync::ui {

namespace {

using interfaces::EpochEarnings;
using Model = RowTableModel<EpochEarnings>;

enum PayoutColumn {
    EpochColumn,
    EndedColumn,
    FeesColumn,
    DividendColumn,
    SubsidyColumn,
    TotalColumn,
    HashColumn
};

qint64 totalOf(const EpochEarnings &e)
{
    return e.feesMicro + e.dividendMicro + e.subsidyMicro;
}

Model::Column moneyColumn(const QString &header, qint64 (*amount)(const EpochEarnings &))
{
    return {header,
            [amount](const EpochEarnings &e) { return format::credits(amount(e)); },
            [amount](const EpochEarnings &e) { return amount(e); },
            {},
            Qt::AlignRight};
}

QList<Model::Column> payoutColumns()
{
    return {
        {EarningsPage::tr("Epoch"),
         [](const EpochEarnings &e) { return e.epoch; },
         {},
         {},
         Qt::AlignRight},
        {EarningsPage::tr("Closed"),
         [](const EpochEarnings &e) { return format::dateTime(e.endMs); },
         [](const EpochEarnings &e) { return e.endMs; }},
        moneyColumn(EarningsPage::tr("Fees (your 50 %)"),
                    [](const EpochEarnings &e) { return e.feesMicro; }),
        moneyColumn(EarningsPage::tr("Co-op dividend"),
                    [](const EpochEarnings &e) { return e.dividendMicro; }),
        moneyColumn(EarningsPage::tr("Subsidy"),
                    [](const EpochEarnings &e) { return e.subsidyMicro; }),
        moneyColumn(EarningsPage::tr("Total"), &totalOf),
        {EarningsPage::tr("Close event"),
         [](const EpochEarnings &e) { return e.closeEventHash; },
         {},
         [](const EpochEarnings &e) {
             return EarningsPage::tr("The epoch-close event that paid this epoch: %1")
                 .arg(e.closeEventHash);
         }},
    };
}

} // namespace

EarningsPage::EarningsPage(interfaces::OperatorService &service, QWidget *parent)
    : ConsolePage(service, QStringLiteral("earningsPage"), parent)
{
    buildUi();
    render();
}

void EarningsPage::buildUi()
{
    m_node =
        new NodePicker(QStringLiteral("earningsNodePicker"), NodePicker::AllOption::Offered, this);
    m_range = new TimeRangeSelector(this);
    m_range->setObjectName(QStringLiteral("earningsRange"));
    m_export =
        new QPushButton(QIcon(QStringLiteral(":/icons/export.svg")), tr("Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportEarningsButton"));
    m_export->setToolTip(tr("Save the epochs in the range as a CSV file"));
    connect(m_node, &NodePicker::nodeChosen, this, &EarningsPage::markStale);
    connect(m_range, &TimeRangeSelector::rangeChanged, this, &EarningsPage::markStale);
    connect(m_export, &QPushButton::clicked, this, &EarningsPage::exportCsv);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_node);
    bar->addWidget(m_range);
    bar->addStretch(1);
    bar->addWidget(m_export);

    m_figures = new FigureRow(this);
    m_today = m_figures->addFigure(QStringLiteral("earningsTodayLabel"), tr("Today"),
                                   tr("Earned since local midnight"));
    m_epoch = m_figures->addFigure(QStringLiteral("earningsEpochLabel"), tr("This epoch so far"),
                                   tr("Fees in the epoch that has not closed yet"));
    m_epochEstimate = m_figures->addFigure(QStringLiteral("earningsEpochEstimateLabel"),
                                           tr("This epoch, estimated"),
                                           tr("The running epoch at the current rate"));
    m_monthEstimate =
        m_figures->addFigure(QStringLiteral("earningsMonthEstimateLabel"), tr("30 days, estimated"),
                             tr("30 days at the rate of the last closed epochs"));
    m_total = m_figures->addFigure(QStringLiteral("earningsTotalLabel"), tr("All time"));

    m_chart = new ChartFrame(QStringLiteral("earnings"), this);
    connect(m_chart, &ChartFrame::themeChanged, this, &EarningsPage::render);

    m_payouts = new Model(payoutColumns(), this);
    m_payouts->setObjectName(QStringLiteral("payoutModel"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("payoutTable"));
    setUpSortedTable(m_table, m_payouts, Model::SortRole, EpochColumn, Qt::DescendingOrder);
    m_table->setTextElideMode(Qt::ElideMiddle);
    auto *copy = new QAction(tr("Copy close event hash"), m_table);
    copy->setObjectName(QStringLiteral("copyCloseHashAction"));
    connect(copy, &QAction::triggered, this, &EarningsPage::copySelectedHash);
    m_table->addAction(copy);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *tablePart = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePart);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(sectionHeading(tr("Payouts per epoch"), tablePart));
    tableLayout->addWidget(m_table);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("earningsSplitter"));
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

void EarningsPage::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    m_node->setNodes(nodes);
}

void EarningsPage::load()
{
    service()
        .earnings(m_node->currentNodeId(), m_range->range())
        .then(this, [this](const Result<interfaces::EarningsSeries> &result) {
            loaded();
            showEarnings(result);
        });
}

void EarningsPage::showEarnings(const Result<interfaces::EarningsSeries> &result)
{
    m_result = result;
    render();
}

void EarningsPage::render()
{
    m_chart->clear();
    if (!m_result) {
        m_chart->showMessage(tr("Earnings appear here once the operator key is unlocked."));
        return;
    }
    if (!m_result->ok()) {
        m_figures->clearValues();
        m_payouts->setRows({});
        m_chart->showMessage(loadFailedText(tr("Earnings"), asSentence(m_result->error())));
        return;
    }
    const interfaces::EarningsSeries &series = m_result->value();
    renderFigures(series);
    m_payouts->setRows(series.epochs);
    renderChart(series);
}

void EarningsPage::renderFigures(const interfaces::EarningsSeries &series)
{
    m_today->setText(format::credits(series.todayMicro));
    m_epoch->setText(format::credits(series.runningEpochMicro));
    m_epochEstimate->setText(format::credits(series.estimateEpochMicro));
    m_monthEstimate->setText(format::credits(series.estimateMonthMicro));
    m_total->setText(format::credits(series.totalMicro));
}

QList<EarningsPage::Bucket> EarningsPage::buckets(const QList<EpochEarnings> &epochs, int cap)
{
    QList<EpochEarnings> sorted = epochs;
    std::sort(sorted.begin(), sorted.end(),
              [](const EpochEarnings &a, const EpochEarnings &b) { return a.epoch < b.epoch; });
    const int size = chart::bucketSize(int(sorted.size()), cap);
    QList<Bucket> out;
    for (int i = 0; i < sorted.size(); ++i) {
        const EpochEarnings &e = sorted.at(i);
        if (i % size == 0)
            out.append({e.startMs, e.endMs, e.epoch, e.epoch, 0, 0, 0});
        Bucket &b = out.last();
        b.toMs = e.endMs;
        b.lastEpoch = e.epoch;
        b.feesMicro += e.feesMicro;
        b.dividendMicro += e.dividendMicro;
        b.subsidyMicro += e.subsidyMicro;
    }
    return out;
}

void EarningsPage::renderChart(const interfaces::EarningsSeries &series)
{
    if (series.epochs.isEmpty()) {
        m_chart->showMessage(emptyText(series));
        return;
    }
    // Two outline points per bucket: half the cap in buckets keeps each series under the cap.
    m_buckets = buckets(series.epochs, chart::kMaxPointsPerSeries / 2);
    m_bucketSize = chart::bucketSize(int(series.epochs.size()), chart::kMaxPointsPerSeries / 2);
    QList<chart::Block> fees, withDividend, withSubsidy, zero;
    QList<QPointF> cumulative;
    qint64 sum = 0;
    double highest = 0;
    for (const Bucket &b : std::as_const(m_buckets)) {
        const double f = format::toCredits(b.feesMicro);
        const double d = f + format::toCredits(b.dividendMicro);
        const double s = d + format::toCredits(b.subsidyMicro);
        fees.append({b.fromMs, b.toMs, f});
        withDividend.append({b.fromMs, b.toMs, d});
        withSubsidy.append({b.fromMs, b.toMs, s});
        zero.append({b.fromMs, b.toMs, 0.0});
        highest = std::max(highest, s);
        sum += b.total();
        cumulative.append({double(b.toMs), format::toCredits(sum)});
    }
    QDateTimeAxis *time =
        m_chart->addTimeAxis(m_buckets.constFirst().fromMs, m_buckets.constLast().toMs);
    const QString perWhat = m_bucketSize == 1 ? tr("Earned per epoch (cr)")
                                              : tr("Earned per %1 epochs (cr)").arg(m_bucketSize);
    QValueAxis *perEpoch = m_chart->addValueAxis(chart::paddedRange(0, highest, true), perWhat,
                                                 Qt::AlignLeft, chart::labelFormat(highest));
    const double cumulativeMax = format::toCredits(sum);
    QValueAxis *total =
        m_chart->addValueAxis(chart::paddedRange(0, cumulativeMax, true), tr("Cumulative (cr)"),
                              Qt::AlignRight, chart::labelFormat(cumulativeMax));
    const auto tooltip = [this](const QPointF &p) { return bucketText(qint64(p.x())); };
    const QList<QPair<QString, QColor>> layers{{tr("Fees (your 50 %)"), chart::colors::fees()},
                                               {tr("Co-op dividend"), chart::colors::dividend()},
                                               {tr("Subsidy"), chart::colors::subsidy()}};
    const QList<QList<chart::Block>> tops{fees, withDividend, withSubsidy};
    for (int i = 0; i < tops.size(); ++i) {
        const QList<chart::Block> &below = i == 0 ? zero : tops.at(i - 1);
        QAreaSeries *area =
            m_chart->addArea(layers.at(i).first, chart::blockOutline(tops.at(i)),
                             chart::blockOutline(below), layers.at(i).second, {time, perEpoch});
        m_chart->addTooltip(area, tooltip);
    }
    QLineSeries *line = m_chart->addLine(tr("Cumulative in range"), cumulative,
                                         chart::colors::cumulative(), {time, total}, 2.5);
    line->setPointsVisible(cumulative.size() < 60);
    m_chart->addTooltip(line, [this](const QPointF &p) {
        return tr("%1\nCumulative: %2")
            .arg(bucketText(qint64(p.x()) - 1), format::credits(qint64(p.y() * 1e6 + 0.5)));
    });
    m_chart->showChart();
}

// What will appear, and when, rather than an empty frame.
QString EarningsPage::emptyText(const interfaces::EarningsSeries &series) const
{
    if (series.totalMicro > 0)
        return tr("No epoch closed in this range. Choose a longer range to see earlier epochs.");
    if (series.epochLengthMs > 0)
        return tr("No closed epoch yet — epochs close every %1, and each one appears here with "
                  "its fees, co-op dividend and subsidy.")
            .arg(format::period(series.epochLengthMs));
    return tr("No closed epoch yet — each closed epoch appears here with its fees, co-op dividend "
              "and subsidy.");
}

// The bucket under the mouse, in words: when it closed and what each source paid.
QString EarningsPage::bucketText(qint64 atMs) const
{
    const auto it = std::lower_bound(m_buckets.begin(), m_buckets.end(), atMs,
                                     [](const Bucket &b, qint64 t) { return b.toMs < t; });
    if (it == m_buckets.end())
        return {};
    const QString which =
        it->firstEpoch == it->lastEpoch
            ? tr("Epoch %1, closed %2").arg(it->firstEpoch).arg(format::dateTime(it->toMs))
            : tr("Epochs %1–%2, up to %3")
                  .arg(it->firstEpoch)
                  .arg(it->lastEpoch)
                  .arg(format::dateTime(it->toMs));
    return tr("%1\nFees: %2\nCo-op dividend: %3\nSubsidy: %4\nTotal: %5")
        .arg(which, format::credits(it->feesMicro), format::credits(it->dividendMicro),
             format::credits(it->subsidyMicro), format::credits(it->total()));
}

void EarningsPage::exportCsv()
{
    const QString nodeId = m_node->currentNodeId();
    const interfaces::TimeRange range = m_range->range();
    const QString name = tr("streamsync-earnings-%1-%2.csv")
                             .arg(nodeId.isEmpty() ? tr("all-nodes") : nodeId.left(8),
                                  QDate::currentDate().toString(Qt::ISODate));
    askSavePath({tr("Export earnings"), name, tr("CSV files (*.csv)")}, [this, nodeId, range](
                                                                            const QString &path) {
        m_export->setEnabled(false);
        service()
            .exportEarningsCsv(nodeId, range, path)
            .then(this, [this, path](const Result<QString> &result) {
                m_export->setEnabled(true);
                if (result)
                    report(tr("Saved the earnings to %1").arg(path), MessageBanner::Type::Positive);
                else
                    report(tr("Could not export the earnings: %1").arg(result.error()),
                           MessageBanner::Type::Error);
            });
    });
}

void EarningsPage::copySelectedHash()
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(
            current.siblingAtColumn(HashColumn).data().toString());
}

} // namespace streamsync::ui
