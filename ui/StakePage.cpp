#include "StakePage.h"

#include "ChartFrame.h"
#include "ConsoleLook.h"
#include "FigureRow.h"
#include "Format.h"
#include "NodePicker.h"
#include "Sentence.h"
#include "TimeRangeSelector.h"

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace streamsync::ui {

namespace {

using interfaces::SlashRecord;
using interfaces::StakePoint;
using interfaces::UnbondingEntry;
using UnbondingModel = RowTableModel<UnbondingEntry>;
using SlashModel = RowTableModel<SlashRecord>;

constexpr int kCountdownColumn = 2;
constexpr double kMicroPerCredit = 1e6;

QList<SlashModel::Column> slashColumns()
{
    return {
        {StakePage::tr("Time"), [](const SlashRecord &s) { return format::dateTime(s.timeMs); },
         [](const SlashRecord &s) { return s.timeMs; }},
        {StakePage::tr("Amount"),
         [](const SlashRecord &s) { return format::credits(s.amountMicro); },
         [](const SlashRecord &s) { return s.amountMicro; },
         {},
         Qt::AlignRight},
        {StakePage::tr("Reported by"), [](const SlashRecord &s) { return s.reporter; }},
        {StakePage::tr("Fraud proof"),
         [](const SlashRecord &s) { return format::shortHash(s.proofHash); },
         {},
         [](const SlashRecord &s) { return s.proofText; }},
        {StakePage::tr("Slash event"),
         [](const SlashRecord &s) { return format::shortHash(s.eventHash); },
         {},
         [](const SlashRecord &s) { return s.eventHash; }},
    };
}

} // namespace

StakePage::StakePage(interfaces::OperatorService &service, QWidget *parent)
    : ConsolePage(service, QStringLiteral("stakePage"), parent),
      m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    buildUi();
    render();
}

QString StakePage::countdownText(qint64 releaseMs, qint64 nowMs)
{
    if (releaseMs <= nowMs)
        return tr("released at the next epoch close");
    return tr("releases in %1").arg(format::countdown(releaseMs - nowMs));
}

void StakePage::buildUi()
{
    m_node =
        new NodePicker(QStringLiteral("stakeNodePicker"), NodePicker::AllOption::NotOffered, this);
    m_range = new TimeRangeSelector(this);
    m_range->setObjectName(QStringLiteral("stakeRange"));
    m_range->setPreset(TimeRangeSelector::Preset::LastMonth);
    connect(m_node, &NodePicker::nodeChosen, this, &StakePage::markStale);
    connect(m_range, &TimeRangeSelector::rangeChanged, this, &StakePage::markStale);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_node);
    bar->addWidget(m_range);
    bar->addStretch(1);
    bar->addLayout(buildActions());

    m_figures = new FigureRow(this);
    m_balance = m_figures->addFigure(QStringLiteral("stakeBalanceLabel"), tr("Free balance"),
                                     tr("What the node may bond"));
    m_bonded = m_figures->addFigure(QStringLiteral("stakeBondedLabel"), tr("Bonded"),
                                    tr("Earns the co-op dividend and raises the stake term"));
    m_unbonding = m_figures->addFigure(QStringLiteral("stakeUnbondingLabel"), tr("Unbonding"),
                                       tr("Locked until its release; earns nothing meanwhile"));
    m_bounds = m_figures->addFigure(QStringLiteral("stakeBoundsLabel"), tr("Minimum stake / cap"),
                                    tr("The stake term grows from the minimum stake and stops "
                                       "growing at the cap"));

    m_chart = new ChartFrame(QStringLiteral("stake"), this);
    connect(m_chart, &ChartFrame::themeChanged, this, &StakePage::render);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_chart);
    split->addWidget(buildTables());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_figures);
    layout->addWidget(split, 1);

    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &StakePage::tick);
}

QLayout *StakePage::buildActions()
{
    m_amount = new QDoubleSpinBox(this);
    m_amount->setObjectName(QStringLiteral("stakeAmountSpin"));
    m_amount->setRange(0, 1e9);
    m_amount->setDecimals(6); // µcr, the ledger's unit
    m_amount->setSuffix(tr(" cr"));
    m_amount->setAlignment(Qt::AlignRight);
    m_amount->setValue(100);
    m_amount->setToolTip(tr("Amount to bond or unbond, in credits"));
    m_bond = new QPushButton(tr("Bond"), this);
    m_bond->setObjectName(QStringLiteral("bondButton"));
    m_unbond = new QPushButton(tr("Unbond"), this);
    m_unbond->setObjectName(QStringLiteral("unbondButton"));
    connect(m_amount, &QDoubleSpinBox::valueChanged, this, &StakePage::updateActions);
    connect(m_bond, &QPushButton::clicked, this, [this] { changeStake(Direction::Bond); });
    connect(m_unbond, &QPushButton::clicked, this, [this] { changeStake(Direction::Unbond); });
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Amount:"), this));
    row->addWidget(m_amount);
    row->addWidget(m_bond);
    row->addWidget(m_unbond);
    return row;
}

QWidget *StakePage::buildTables()
{
    m_unbondingModel = new UnbondingModel(
        {{tr("Amount"),
          [](const UnbondingEntry &e) { return format::credits(e.amountMicro); },
          [](const UnbondingEntry &e) { return e.amountMicro; },
          {},
          Qt::AlignRight},
         {tr("Release"), [](const UnbondingEntry &e) { return format::dateTime(e.releaseMs); },
          [](const UnbondingEntry &e) { return e.releaseMs; }},
         {tr("Countdown"),
          [this](const UnbondingEntry &e) { return countdownText(e.releaseMs, m_now()); },
          [](const UnbondingEntry &e) { return e.releaseMs; }}},
        this);
    m_unbondingModel->setObjectName(QStringLiteral("unbondingModel"));
    m_unbondingTable = new QTableView(this);
    m_unbondingTable->setObjectName(QStringLiteral("unbondingTable"));
    setUpSortedTable(m_unbondingTable, m_unbondingModel, UnbondingModel::SortRole, 1,
                     Qt::AscendingOrder);

    m_slashModel = new SlashModel(slashColumns(), this);
    m_slashModel->setObjectName(QStringLiteral("slashModel"));
    m_slashTable = new QTableView(this);
    m_slashTable->setObjectName(QStringLiteral("slashTable"));
    setUpSortedTable(m_slashTable, m_slashModel, SlashModel::SortRole, 0, Qt::DescendingOrder);
    connect(m_slashTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StakePage::showSelectedProof);
    m_proof = new QPlainTextEdit(this);
    m_proof->setObjectName(QStringLiteral("slashProofText"));
    m_proof->setReadOnly(true);
    m_proof->setPlaceholderText(tr("Select a slash to read its fraud proof."));
    m_proof->setMaximumHeight(90);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(sectionHeading(tr("Unbonding"), left));
    leftLayout->addWidget(m_unbondingTable);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(sectionHeading(tr("Slashes"), right));
    rightLayout->addWidget(m_slashTable, 1);
    rightLayout->addWidget(m_proof);
    auto *tables = new QSplitter(Qt::Horizontal, this);
    tables->setChildrenCollapsible(false);
    tables->addWidget(left);
    tables->addWidget(right);
    tables->setStretchFactor(0, 2);
    tables->setStretchFactor(1, 3);
    return tables;
}

void StakePage::setNodes(const QList<interfaces::NodeSummary> &nodes)
{
    m_node->setNodes(nodes);
    updateActions();
}

void StakePage::load()
{
    const QString nodeId = m_node->currentNodeId();
    if (nodeId.isEmpty()) {
        loaded();
        m_result.reset();
        render();
        return;
    }
    service()
        .stake(nodeId, m_range->range())
        .then(this, [this](const Result<interfaces::StakeView> &r) {
            loaded();
            showStake(r);
        });
}

void StakePage::showStake(const Result<interfaces::StakeView> &result)
{
    m_result = result;
    render();
}

void StakePage::render()
{
    m_chart->clear();
    const bool ok = m_result && m_result->ok();
    if (!ok) {
        m_figures->clearValues();
        m_unbondingModel->setRows({});
        m_slashModel->setRows({});
        m_ticker->stop();
        if (!m_result)
            m_chart->showMessage(m_node->hasNodes()
                                     ? tr("The node's stake appears here once it is loaded.")
                                     : tr("Add a node to bond stake for it."));
        else
            m_chart->showMessage(loadFailedText(tr("Stake"), asSentence(m_result->error())));
        updateActions();
        return;
    }
    const interfaces::StakeView &view = m_result->value();
    renderFigures(view);
    m_unbondingModel->setRows(view.unbonding);
    m_slashModel->setRows(view.slashes);
    showSelectedProof();
    if (view.unbonding.isEmpty())
        m_ticker->stop();
    else
        m_ticker->start();
    renderChart(view);
    updateActions();
}

void StakePage::renderFigures(const interfaces::StakeView &view)
{
    m_balance->setText(format::credits(view.balanceMicro));
    m_bonded->setText(format::credits(view.bondedMicro));
    m_unbonding->setText(format::credits(view.unbondingMicro));
    m_bounds->setText(tr("%1 / %2").arg(format::credits(view.minStakeMicro),
                                        format::credits(view.stakeCapMicro)));
    m_bonded->setStyleSheet(view.bondedMicro < view.minStakeMicro ? errorTextStyle() : QString());
    m_bonded->setToolTip(view.bondedMicro < view.minStakeMicro
                             ? tr("Under the minimum stake: the stake term adds nothing")
                             : QString());
}

void StakePage::renderChart(const interfaces::StakeView &view)
{
    QList<StakePoint> history = view.history;
    std::sort(history.begin(), history.end(),
              [](const StakePoint &a, const StakePoint &b) { return a.timeMs < b.timeMs; });
    history = chart::keepLastOfBuckets(history, chart::kMaxPointsPerSeries / 2);
    // The figures are the newest state; the line runs on to now with them.
    const qint64 now = m_now();
    if (history.isEmpty() && view.bondedMicro == 0 && view.unbondingMicro == 0) {
        m_chart->showMessage(tr("Nothing bonded yet — bond at least %1 to earn the co-op dividend "
                                "and raise the node's stake term.")
                                 .arg(format::credits(view.minStakeMicro)));
        return;
    }
    history.append({std::max(now, history.isEmpty() ? now : history.constLast().timeMs),
                    view.bondedMicro, view.unbondingMicro});
    QList<QPointF> bonded, total, zero;
    double highest = 0;
    for (const StakePoint &p : std::as_const(history)) {
        const double b = format::toCredits(p.bondedMicro);
        const double t = b + format::toCredits(p.unbondingMicro);
        bonded.append({double(p.timeMs), b});
        total.append({double(p.timeMs), t});
        zero.append({double(p.timeMs), 0.0});
        highest = std::max(highest, t);
    }
    const double end = double(history.constLast().timeMs);
    QDateTimeAxis *time = m_chart->addTimeAxis(history.constFirst().timeMs, qint64(end));
    QValueAxis *credits =
        m_chart->addValueAxis(chart::paddedRange(0, highest, true), tr("Stake (cr)"), Qt::AlignLeft,
                              chart::labelFormat(highest));
    const auto text = [](const QPointF &p) {
        return tr("%1\n%2 cr")
            .arg(format::dateTime(qint64(p.x())), QLocale().toString(p.y(), 'f', 2));
    };
    m_chart->addTooltip(m_chart->addArea(tr("Bonded"), chart::stepLine(bonded, end),
                                         chart::stepLine(zero, end), chart::colors::dividend(),
                                         {time, credits}),
                        text);
    m_chart->addTooltip(m_chart->addArea(tr("Unbonding"), chart::stepLine(total, end),
                                         chart::stepLine(bonded, end), chart::colors::subsidy(),
                                         {time, credits}),
                        text);
    m_chart->showChart();
}

// Only the countdown column changes each second; a reset would drop the selection.
void StakePage::tick()
{
    if (isVisible())
        m_unbondingModel->refreshColumn(kCountdownColumn);
}

void StakePage::showSelectedProof()
{
    const QModelIndex current = m_slashTable->currentIndex();
    const auto *proxy = static_cast<const QSortFilterProxyModel *>(m_slashTable->model());
    const QModelIndex source = proxy->mapToSource(current);
    if (!source.isValid() || source.row() >= m_slashModel->rowCount()) {
        m_proof->clear();
        return;
    }
    const SlashRecord &slash = m_slashModel->rowAt(source.row());
    m_proof->setPlainText(tr("%1\n\nProof %2, slash event %3")
                              .arg(slash.proofText, slash.proofHash, slash.eventHash));
}

qint64 StakePage::amountMicro() const
{
    return qint64(std::llround(m_amount->value() * kMicroPerCredit));
}

void StakePage::updateActions()
{
    const bool loadedOk = m_result && m_result->ok();
    const qint64 amount = amountMicro();
    const bool canAct = !m_busy && loadedOk && amount > 0 && !m_node->currentNodeId().isEmpty();
    const qint64 balance = loadedOk ? m_result->value().balanceMicro : 0;
    const qint64 bonded = loadedOk ? m_result->value().bondedMicro : 0;
    m_bond->setEnabled(canAct && amount <= balance);
    m_unbond->setEnabled(canAct && amount <= bonded);
    m_bond->setToolTip(
        canAct && amount > balance
            ? tr("The free balance is %1: bond at most that.").arg(format::credits(balance))
            : tr("Lock this amount as the node's stake"));
    m_unbond->setToolTip(canAct && amount > bonded
                             ? tr("Only %1 is bonded.").arg(format::credits(bonded))
                             : tr("Start releasing this amount; it stays locked for the "
                                  "unbonding period"));
}

void StakePage::changeStake(Direction direction)
{
    const QString nodeId = m_node->currentNodeId();
    if (nodeId.isEmpty())
        return;
    m_busy = true;
    updateActions();
    auto future = direction == Direction::Bond ? service().bond(nodeId, amountMicro())
                                               : service().unbond(nodeId, amountMicro());
    future.then(this, [this, direction](const Result<interfaces::StakeView> &result) {
        onStakeChanged(direction, result);
    });
}

void StakePage::onStakeChanged(Direction direction, const Result<interfaces::StakeView> &result)
{
    m_busy = false;
    const QString amount = format::credits(amountMicro());
    if (!result) {
        report(direction == Direction::Bond
                   ? tr("Could not bond %1: %2").arg(amount, result.error())
                   : tr("Could not unbond %1: %2").arg(amount, result.error()),
               MessageBanner::Type::Error);
        updateActions();
        return;
    }
    report(direction == Direction::Bond ? tr("Bonded %1").arg(amount)
                                        : tr("Unbonding %1").arg(amount),
           MessageBanner::Type::Positive);
    // The answer holds the new figures; the chart keeps its history until the reload that
    // follows brings the new point, so it does not collapse to one point meanwhile.
    interfaces::StakeView view = result.value();
    if (view.history.isEmpty() && m_result && m_result->ok())
        view.history = m_result->value().history;
    showStake(view);
    markStale();
}

} // namespace streamsync::ui
