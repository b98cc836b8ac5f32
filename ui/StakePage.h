#pragma once

#include "ConsolePage.h"
#include "RowTableModel.h"

#include <optional>

class QDoubleSpinBox;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace streamsync::ui {

class ChartFrame;
class FigureRow;
class NodePicker;
class TimeRangeSelector;

// Stake (DESIGN §9): one node's bonded and unbonding stake over time, the current figures, each
// unbonding entry with a live countdown to its release, the slashes with their fraud proofs,
// and Bond / Unbond for an amount in credits.
class StakePage : public ConsolePage
{
    Q_OBJECT

public:
    using NowFunction = std::function<qint64()>;

    explicit StakePage(interfaces::OperatorService &service, QWidget *parent = nullptr);

    void setNodes(const QList<interfaces::NodeSummary> &nodes) override;
    void showStake(const Result<interfaces::StakeView> &result);
    // Tests pin the clock the countdowns count against.
    void setNowFunction(NowFunction now) { m_now = std::move(now); }
    // "releases in 2 d 03:14:05", or "released" once the time has passed.
    static QString countdownText(qint64 releaseMs, qint64 nowMs);

protected:
    void load() override;

private:
    enum class Direction { Bond, Unbond };

    void buildUi();
    QLayout *buildActions();
    QWidget *buildTables();
    void render();
    void renderFigures(const interfaces::StakeView &view);
    void renderChart(const interfaces::StakeView &view);
    void tick();
    void showSelectedProof();
    void changeStake(Direction direction);
    void onStakeChanged(Direction direction, const Result<interfaces::StakeView> &result);
    void updateActions();
    qint64 amountMicro() const;

    NowFunction m_now;
    std::optional<Result<interfaces::StakeView>> m_result;
    bool m_busy = false;
    NodePicker *m_node = nullptr;
    TimeRangeSelector *m_range = nullptr;
    FigureRow *m_figures = nullptr;
    QLabel *m_balance = nullptr;
    QLabel *m_bonded = nullptr;
    QLabel *m_unbonding = nullptr;
    QLabel *m_bounds = nullptr;
    QDoubleSpinBox *m_amount = nullptr;
    QPushButton *m_bond = nullptr;
    QPushButton *m_unbond = nullptr;
    ChartFrame *m_chart = nullptr;
    RowTableModel<interfaces::UnbondingEntry> *m_unbondingModel = nullptr;
    RowTableModel<interfaces::SlashRecord> *m_slashModel = nullptr;
    QTableView *m_unbondingTable = nullptr;
    QTableView *m_slashTable = nullptr;
    QPlainTextEdit *m_proof = nullptr;
    QTimer *m_ticker = nullptr;
};

} // namespace streamsync::ui
