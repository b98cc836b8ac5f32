#include "ChartFrame.h"

#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QStackedLayout>
#include <QToolTip>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace streamsync::ui {

namespace {

constexpr int kPixelsPerTimeTick = 120; // room for "ddd HH:mm" and a gap

} // namespace

ChartFrame::ChartFrame(const QString &name, QWidget *parent, QChartView *view)
    : QWidget(parent), m_view(view ? view : new QChartView(this)), m_message(new QLabel(this)),
      m_stack(new QStackedLayout(this))
{
    setObjectName(name + QStringLiteral("Chart"));
    m_view->setParent(this);
    m_view->setObjectName(name + QStringLiteral("ChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    QChart *c = m_view->chart();
    c->legend()->setAlignment(Qt::AlignBottom);
    c->legend()->setShowToolTips(true); // names elided for lack of room stay readable
    c->setBackgroundRoundness(0);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->setAnimationOptions(QChart::NoAnimation); // a refresh must not replay an animation

    m_message->setObjectName(name + QStringLiteral("ChartMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);
    applyTheme();
}

QChart *ChartFrame::chart() const
{
    return m_view->chart();
}

void ChartFrame::clear()
{
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    applyTheme();
}

void ChartFrame::setTitle(const QString &title)
{
    chart()->setTitle(title);
}

void ChartFrame::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void ChartFrame::showChart()
{
    m_stack->setCurrentWidget(m_view);
}

bool ChartFrame::isShowingChart() const
{
    return m_stack->currentWidget() == m_view;
}

QString ChartFrame::message() const
{
    return isShowingChart() ? QString() : m_message->text();
}

QDateTimeAxis *ChartFrame::addTimeAxis(qint64 fromMs, qint64 toMs)
{
    const chart::TimeSpan span = chart::paddedTimeSpan(fromMs, toMs);
    auto *axis = new QDateTimeAxis;
    axis->setRange(QDateTime::fromMSecsSinceEpoch(span.fromMs),
                   QDateTime::fromMSecsSinceEpoch(span.toMs));
    axis->setFormat(chart::dateTimeFormat(span.toMs - span.fromMs));
    axis->setTitleText(tr("Time"));
    chart()->addAxis(axis, Qt::AlignBottom);
    m_timeAxis = axis;
    updateTimeTicks();
    return axis;
}

QValueAxis *ChartFrame::addValueAxis(const chart::AxisRange &range, const QString &title,
                                     Qt::Alignment alignment, const QString &labelFormat)
{
    auto *axis = new QValueAxis;
    // Nice numbers need a span: a flat or empty range (one value, or nothing yet) would make
    // Qt Charts compute NaN ticks and leave the axis without labels.
    double min = std::isfinite(range.min) ? range.min : 0.0;
    double max = std::isfinite(range.max) ? range.max : 1.0;
    if (!(max > min)) {
        const double pad = std::max(std::abs(max) * 0.1, 1.0);
        min -= pad;
        max += pad;
    }
    axis->setRange(min, max);
    axis->setTitleText(title);
    if (!labelFormat.isEmpty())
        axis->setLabelFormat(labelFormat);
    chart()->addAxis(axis, alignment);
    axis->applyNiceNumbers(); // round tick values; widens the range only slightly
    return axis;
}

QLogValueAxis *ChartFrame::addLogAxis(double min, double max, const QString &title,
                                      Qt::Alignment alignment)
{
    auto *axis = new QLogValueAxis;
    axis->setBase(10.0);
    const double low = std::pow(10.0, std::floor(std::log10(std::max(min, 1e-12))));
    const double high = std::pow(10.0, std::ceil(std::log10(std::max(max, low * 10.0))));
    axis->setRange(low, high);
    axis->setTitleText(title);
    axis->setLabelFormat(QStringLiteral("%g"));
    // The 2..9 multiples between decades, as on log paper, while there are few decades.
    axis->setMinorTickCount(std::log10(high / low) <= 4.0 ? -1 : 0);
    chart()->addAxis(axis, alignment);
    return axis;
}

void ChartFrame::addSeries(QAbstractSeries *series, const QList<QAbstractAxis *> &axes)
{
    chart()->addSeries(series);
    for (QAbstractAxis *axis : axes)
        series->attachAxis(axis);
}

QLineSeries *ChartFrame::addLine(const QString &name, const QList<QPointF> &points,
                                 const QColor &color, const QList<QAbstractAxis *> &axes,
                                 qreal width, Qt::PenStyle style)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->append(points);
    addSeries(series, axes);
    QPen pen(color, width);
    pen.setStyle(style);
    series->setPen(pen);
    return series;
}

QAreaSeries *ChartFrame::addArea(const QString &name, const QList<QPointF> &upper,
                                 const QList<QPointF> &lower, const QColor &color,
                                 const QList<QAbstractAxis *> &axes)
{
    auto *upperLine = new QLineSeries;
    upperLine->append(upper);
    QLineSeries *lowerLine = nullptr;
    if (!lower.isEmpty()) {
        lowerLine = new QLineSeries;
        lowerLine->append(lower);
    }
    auto *area = new QAreaSeries(upperLine, lowerLine);
    // The area draws its edges from these lines, so they live as long as it does.
    upperLine->setParent(area);
    if (lowerLine)
        lowerLine->setParent(area);
    area->setName(name);
    addSeries(area, axes);
    QColor fill = color;
    fill.setAlpha(200);
    area->setBrush(fill);
    area->setPen(QPen(color.darker(115), 1.0));
    return area;
}

void ChartFrame::addTooltip(QXYSeries *series, PointText text)
{
    connect(series, &QXYSeries::hovered, this,
            [this, text](const QPointF &point, bool state) { showTooltip(state, text(point)); });
}

void ChartFrame::addTooltip(QAreaSeries *series, PointText text)
{
    connect(series, &QAreaSeries::hovered, this,
            [this, text](const QPointF &point, bool state) { showTooltip(state, text(point)); });
}

void ChartFrame::addTooltip(QBarSet *set, std::function<QString(int index)> text)
{
    connect(set, &QBarSet::hovered, this,
            [this, text](bool state, int index) { showTooltip(state, text(index)); });
}

void ChartFrame::showTooltip(bool hovering, const QString &text)
{
    if (!hovering) {
        QToolTip::hideText();
        return;
    }
    m_lastTooltip = text;
    QToolTip::showText(QCursor::pos(), text, m_view);
}

void ChartFrame::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        Q_EMIT themeChanged();
    }
}

void ChartFrame::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateTimeTicks();
}

// The theme follows the palette; the chart's background takes the window's base colour so a
// chart does not sit in the page as a bright (or dark) slab of another colour.
void ChartFrame::applyTheme()
{
    QChart *c = chart();
    c->setTheme(chart::themeFor(palette()));
    c->setBackgroundBrush(palette().color(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setTitleBrush(palette().color(QPalette::Text));
    c->legend()->setLabelColor(palette().color(QPalette::Text));
    QFont title = c->titleFont();
    title.setPointSizeF(font().pointSizeF() * 1.1);
    title.setBold(true);
    c->setTitleFont(title);
    c->legend()->setFont(font());
}

void ChartFrame::updateTimeTicks()
{
    if (!m_timeAxis)
        return;
    const int width =
        chart()->plotArea().width() > 0 ? int(chart()->plotArea().width()) : m_view->width() - 120;
    m_timeAxis->setTickCount(qBound(3, width / kPixelsPerTimeTick + 1, 10));
}

} // namespace streamsync::ui
