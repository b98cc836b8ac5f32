#pragma once

#include "ConsolePage.h"
#include "ConsoleSettings.h"

#include <optional>

class QDoubleSpinBox;
class QTimer;

namespace streamsync::ui {

class ChartFrame;
class FigureRow;
class TimeRangeSelector;

// Economics (DESIGN §9): what a GB-month of the operator's storage earns, fee revenue plus the
// subsidy stacked per epoch, against the incumbent's reference price and the operator's own
// cost (electricity spread over the data stored, plus disk if it is not already paid for). The
// subsidy's part is the "synthetic margin" the network adds on top of fees. The cost
// assumptions are the operator's to set and are kept in the settings.
class EconomicsPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit EconomicsPage(interfaces::OperatorService &service, QWidget *parent = nullptr);

    void showEconomics(const Result<interfaces::EconomicsView> &result);
    interfaces::CostAssumptions costs() const;

    // Averages over the epochs shown (µcr per GB-month).
    struct Summary
    {
        qint64 feesMicro = 0;
        qint64 subsidyMicro = 0;
        qint64 revenue() const { return feesMicro + subsidyMicro; }
    };
    static Summary summarize(const QList<interfaces::EconomicsPoint> &points);
    // The chart's revenue axis is logarithmic (revenue far above the reference lines).
    bool isLogScale() const { return m_logScale; }

protected:
    void load() override;

private:
    void buildUi();
    QLayout *buildCostRow();
    void onCostEdited();
    void render();
    void renderFigures(const interfaces::EconomicsView &view);
    void renderChart(const interfaces::EconomicsView &view);
    void showScaleNote(const interfaces::EconomicsView &view, double maxRevenue);
    QString pointText(qint64 atMs) const;

    ConsoleSettings m_settings;
    std::optional<Result<interfaces::EconomicsView>> m_result;
    QList<interfaces::EconomicsPoint> m_points; // as drawn, oldest first
    TimeRangeSelector *m_range = nullptr;
    QDoubleSpinBox *m_electricity = nullptr;
    QDoubleSpinBox *m_disk = nullptr;
    QTimer *m_costDelay = nullptr;
    FigureRow *m_figures = nullptr;
    QLabel *m_revenue = nullptr;
    QLabel *m_margin = nullptr;
    QLabel *m_incumbent = nullptr;
    QLabel *m_ownCost = nullptr;
    QLabel *m_net = nullptr;
    ChartFrame *m_chart = nullptr;
    QLabel *m_scaleNote = nullptr; // why the axis is logarithmic, when it is
    bool m_logScale = false;
};

} // namespace streamsync::ui
