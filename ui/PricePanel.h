#pragma once

#include "interfaces/MarketData.h"

#include <QGroupBox>

#include <optional>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace streamsync::ui {

// The Market view's "Your price" box: the new price typed in µcr/query (in step with the line
// dragged in the chart), the current offer and the market median, the projection for the new
// price, and Apply / Undo with the reason Apply is off. It only shows what MarketPage decides.
class PricePanel : public QGroupBox
{
    Q_OBJECT

public:
    explicit PricePanel(QWidget *parent = nullptr);

    // Shows `priceMicro` without announcing it as an edit.
    void setPrice(qint64 priceMicro);
    void setCurrentAndMedian(qint64 currentMicro, qint64 medianMicro);
    // The projection for the new price, or why there is none.
    void setProjection(const std::optional<interfaces::PricePoint> &point, const QString &why);
    // Apply is enabled when `refusal` is empty; `warn` colours the reason as a problem.
    void setApply(const QString &refusal, bool warn);
    // Undo publishes `previousMicro` again; 0 disables it.
    void setUndo(qint64 previousMicro, bool enabled);

Q_SIGNALS:
    void priceEdited(qint64 priceMicro);
    void applyClicked();
    void undoClicked();

private:
    QLabel *valueLabel(const QString &objectName);

    QDoubleSpinBox *m_spin;
    QLabel *m_current;
    QLabel *m_median;
    QLabel *m_winShare;
    QLabel *m_earnings;
    QLabel *m_reason;
    QPushButton *m_apply;
    QPushButton *m_undo;
};

} // namespace streamsync::ui
