#pragma once

#include "ConsolePage.h"

#include <QPointer>

#include <optional>

class QAbstractAxis;
class QLineSeries;

namespace streamsync::ui {

class ChartFrame;
class NodePicker;
class PriceChartView;
class PricePanel;
class TimeRangeSelector;

// Market (DESIGN §9): every node's offer over time as step lines, the market median, the
// distribution of current offers, and the operator's own price as a line to drag (or a spin
// box to type in, the two in step). While the price moves, the projected win share and earnings
// per epoch come from the network's own selection code through PriceCurve::at, which is cheap
// enough to call on every mouse move. Apply signs and publishes the offer; Undo publishes the
// price it replaced. Apply is disabled, with the reason beside it, for a price the network
// would refuse.
class MarketPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit MarketPage(interfaces::OperatorService &service, QWidget *parent = nullptr);

    void setNodes(const QList<interfaces::NodeSummary> &nodes) override;
    // Shows a market and the projection for the chosen node as if just loaded (`curve` may be
    // null when it could not be loaded; `curveError` then says why).
    void setMarketData(const interfaces::MarketView &market, interfaces::PriceCurvePtr curve,
                       const QString &curveError = QString());
    void showMarketError(const QString &error);

    qint64 draftPriceMicro() const { return m_draft; }
    void setDraftPrice(qint64 priceMicro);
    PriceChartView *priceView() const { return m_priceView; }

protected:
    void load() override;

private:
    void buildUi();
    void loadCurve(const interfaces::MarketView &market);
    void render();
    void renderOffers(const interfaces::MarketView &market);
    void renderDistribution(const interfaces::MarketView &market);
    void addOfferLine(const QList<interfaces::OfferPoint> &offers, const QColor &color,
                      QAbstractAxis *time, QAbstractAxis *price, qint64 fromMs, qint64 nowMs);
    void addMedianLine(const interfaces::MarketView &market, QAbstractAxis *time,
                       QAbstractAxis *price, qint64 fromMs, qint64 nowMs);
    void addOwnPriceLine(QAbstractAxis *time, QAbstractAxis *price, qint64 fromMs, qint64 toMs);
    void updateDraft();
    void updateProjection();
    void updateApply();
    QString refusal() const;
    void publish(qint64 priceMicro, bool undo);
    void onPublished(qint64 priceMicro, qint64 previous, bool undo,
                     const Result<interfaces::OfferPoint> &result);
    qint64 currentPrice() const;
    void positionLine();

    std::optional<interfaces::MarketView> m_market;
    QString m_marketError;
    interfaces::PriceCurvePtr m_curve;
    QString m_curveError;
    qint64 m_draft = 0;
    bool m_draftEdited = false;  // the operator moved the price since it was last published
    qint64 m_undoPrice = 0;      // 0: nothing to undo
    qint64 m_publishedPrice = 0; // just published, not yet read back
    bool m_busy = false;
    bool m_renderPending = false; // data arrived during a drag; drawn when it ends

    NodePicker *m_node = nullptr;
    TimeRangeSelector *m_range = nullptr;
    PriceChartView *m_priceView = nullptr;
    ChartFrame *m_offersChart = nullptr;
    ChartFrame *m_distributionChart = nullptr;
    QPointer<QLineSeries> m_ownLine;
    QPointer<QLineSeries> m_ownMarker; // the draft price on the distribution chart
    PricePanel *m_panel = nullptr;
    qint64 m_lineFromMs = 0;
    qint64 m_lineToMs = 0;
    int m_distributionCount = 0;
};

} // namespace streamsync::ui
