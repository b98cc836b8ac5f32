#pragma once

#include <QChartView>
#include <QPointer>

class QLineSeries;

namespace streamsync::ui {

// The Market chart's view, with the operator's own price as a horizontal line that can be
// dragged with the mouse (DESIGN §9). A press within a few pixels of the line picks it up; each
// move maps the mouse back to a price through the chart (snapped to whole µcr and clamped to the
// network's bounds) and announces it; the page updates the line, the spin box and the
// projection. The line itself belongs to the chart; the view only follows it.
class PriceChartView : public QChartView
{
    Q_OBJECT

public:
    explicit PriceChartView(QWidget *parent = nullptr);

    // The series that draws the own price (two points, one y), or nullptr when there is none.
    void setPriceLine(QLineSeries *line);
    void setPrice(qint64 priceMicro);
    // The prices a drag may reach; maxMicro <= 0 leaves the top open.
    void setBounds(qint64 minMicro, qint64 maxMicro);
    bool isDragging() const { return m_dragging; }

    // Where the line is, in viewport coordinates, at the middle of the plot (tests press here).
    QPoint linePosition() const;
    // The price under a viewport position, snapped and clamped as a drag would set it.
    qint64 priceAt(const QPoint &viewportPos) const;

Q_SIGNALS:
    void priceDragged(qint64 priceMicro);
    void dragFinished(qint64 priceMicro);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    bool isNearLine(const QPoint &viewportPos) const;
    QPointF toChart(const QPoint &viewportPos) const;

    QPointer<QLineSeries> m_line;
    qint64 m_price = 0;
    qint64 m_min = 1;
    qint64 m_max = 0;
    bool m_dragging = false;
};

} // namespace streamsync::ui
