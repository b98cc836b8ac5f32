#include "PriceChartView.h"

#include <QLineSeries>
#include <QMouseEvent>

#include <cmath>

namespace streamsync::ui {

namespace {

constexpr qreal kGrabDistancePx = 8.0; // how close to the line a press picks it up

} // namespace

PriceChartView::PriceChartView(QWidget *parent) : QChartView(parent)
{
    setMouseTracking(true); // the cursor changes over the line before any button is down
}

void PriceChartView::setPriceLine(QLineSeries *line)
{
    m_line = line;
    if (!line)
        m_dragging = false;
}

void PriceChartView::setPrice(qint64 priceMicro)
{
    m_price = priceMicro;
}

void PriceChartView::setBounds(qint64 minMicro, qint64 maxMicro)
{
    m_min = minMicro;
    m_max = maxMicro;
}

QPointF PriceChartView::toChart(const QPoint &viewportPos) const
{
    return chart()->mapFromScene(mapToScene(viewportPos));
}

QPoint PriceChartView::linePosition() const
{
    if (!m_line)
        return {};
    const QRectF plot = chart()->plotArea();
    const QPointF onLine = chart()->mapToPosition(QPointF(0, double(m_price)), m_line);
    const QPointF chartPos(plot.center().x(), onLine.y());
    return mapFromScene(chart()->mapToScene(chartPos));
}

qint64 PriceChartView::priceAt(const QPoint &viewportPos) const
{
    if (!m_line)
        return m_price;
    const QPointF value = chart()->mapToValue(toChart(viewportPos), m_line);
    qint64 price = qint64(std::llround(value.y()));
    price = qMax(price, m_min);
    if (m_max > 0)
        price = qMin(price, m_max);
    return price;
}

bool PriceChartView::isNearLine(const QPoint &viewportPos) const
{
    if (!m_line)
        return false;
    const QPointF pos = toChart(viewportPos);
    const QRectF plot = chart()->plotArea();
    if (pos.x() < plot.left() || pos.x() > plot.right())
        return false;
    const QPointF onLine = chart()->mapToPosition(QPointF(0, double(m_price)), m_line);
    return std::abs(pos.y() - onLine.y()) <= kGrabDistancePx;
}

void PriceChartView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && isNearLine(event->position().toPoint())) {
        m_dragging = true;
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void PriceChartView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (!m_dragging) {
        if (isNearLine(pos))
            viewport()->setCursor(Qt::SizeVerCursor);
        else
            viewport()->unsetCursor();
        QChartView::mouseMoveEvent(event);
        return;
    }
    const qint64 price = priceAt(pos);
    if (price != m_price) {
        m_price = price;
        Q_EMIT priceDragged(price);
    }
    event->accept();
}

void PriceChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    event->accept();
    Q_EMIT dragFinished(m_price);
}

} // namespace streamsync::ui
