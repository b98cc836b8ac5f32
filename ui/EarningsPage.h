#pragma once

#include "ConsolePage.h"
#include "RowTableModel.h"

#include <optional>

class QPushButton;
class QTableView;

namespace streamsync::ui {

class ChartFrame;
class FigureRow;
class NodePicker;
class TimeRangeSelector;

// Earnings (DESIGN §9): per closed epoch, stacked by source (the operator's 50 % of fees, the
// co-op dividend, the subsidy), the cumulative sum over the range, headline figures (today, this
// epoch so far and its estimate, 30 days at the current rate, all time), every payout with the
// epoch-close event that paid it, and an export to CSV. For all nodes or one.
class EarningsPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit EarningsPage(interfaces::OperatorService &service, QWidget *parent = nullptr);

    void setNodes(const QList<interfaces::NodeSummary> &nodes) override;
    // Shows a result as if it had just been loaded (the load's continuation calls it).
    void showEarnings(const Result<interfaces::EarningsSeries> &result);

    // Consecutive epochs added up so a series holds at most ~kMaxPointsPerSeries points.
    struct Bucket
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        qint64 firstEpoch = 0;
        qint64 lastEpoch = 0;
        qint64 feesMicro = 0;
        qint64 dividendMicro = 0;
        qint64 subsidyMicro = 0;
        qint64 total() const { return feesMicro + dividendMicro + subsidyMicro; }
    };
    static QList<Bucket> buckets(const QList<interfaces::EpochEarnings> &epochs, int cap);

protected:
    void load() override;

private:
    void buildUi();
    void render();
    void renderFigures(const interfaces::EarningsSeries &series);
    void renderChart(const interfaces::EarningsSeries &series);
    QString emptyText(const interfaces::EarningsSeries &series) const;
    QString bucketText(qint64 atMs) const;
    void exportCsv();
    void copySelectedHash();

    std::optional<Result<interfaces::EarningsSeries>> m_result;
    QList<Bucket> m_buckets;
    int m_bucketSize = 1;
    NodePicker *m_node = nullptr;
    TimeRangeSelector *m_range = nullptr;
    QPushButton *m_export = nullptr;
    FigureRow *m_figures = nullptr;
    QLabel *m_today = nullptr;
    QLabel *m_epoch = nullptr;
    QLabel *m_epochEstimate = nullptr;
    QLabel *m_monthEstimate = nullptr;
    QLabel *m_total = nullptr;
    ChartFrame *m_chart = nullptr;
    RowTableModel<interfaces::EpochEarnings> *m_payouts = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace streamsync::ui
