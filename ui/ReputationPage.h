#pragma once

#include "ConsolePage.h"
#include "RowTableModel.h"

#include <optional>

class QTableView;

namespace streamsync::ui {

class ChartFrame;
class FigureRow;
class NodePicker;
class TimeRangeSelector;

// Reputation (DESIGN §9): one node's performance, accuracy, uptime, stake term and the quality
// they add up to, over time in %, against the suspension threshold (a band up to the threshold
// the parameters set), with the latest values as figures and the races and audits that moved
// the scores in a table below.
class ReputationPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit ReputationPage(interfaces::OperatorService &service, QWidget *parent = nullptr);

    void setNodes(const QList<interfaces::NodeSummary> &nodes) override;
    void showReputation(const Result<interfaces::ReputationSeries> &result);

protected:
    void load() override;

private:
    void buildUi();
    void render();
    void renderFigures(const interfaces::ReputationSeries &series);
    void renderChart(const interfaces::ReputationSeries &series);
    QString pointText(qint64 atMs) const;

    std::optional<Result<interfaces::ReputationSeries>> m_result;
    QList<interfaces::ReputationPoint> m_points; // as drawn, oldest first
    NodePicker *m_node = nullptr;
    TimeRangeSelector *m_range = nullptr;
    FigureRow *m_figures = nullptr;
    QLabel *m_quality = nullptr;
    QLabel *m_accuracy = nullptr;
    QLabel *m_performance = nullptr;
    QLabel *m_uptime = nullptr;
    QLabel *m_stakeTerm = nullptr;
    ChartFrame *m_chart = nullptr;
    RowTableModel<interfaces::ReputationCause> *m_causes = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace streamsync::ui
