#pragma once

#include "ChartStyle.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QAbstractAxis;
class QAbstractSeries;
class QAreaSeries;
class QBarSet;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QStackedLayout;
class QValueAxis;
class QXYSeries;

namespace streamsync::ui {

// One chart of a view, the way every console chart looks (DESIGN §9): titled axes with units,
// a legend outside the plot, hover tooltips that name the value and the time, a date axis whose
// format fits the span, the light or dark chart theme that follows the palette, and, when there
// is nothing to draw, a sentence saying what will appear instead of an empty frame.
//
// Pages rebuild their charts from data: clear(), then add axes and series. When the palette
// changes the theme is re-applied and themeChanged() asks the page to rebuild, because a theme
// resets the colours of series already added.
class ChartFrame : public QWidget
{
    Q_OBJECT

public:
    // `view` lets a page supply a QChartView subclass (the Market view's draggable price line);
    // the frame takes ownership. `name` prefixes the object names: "<name>ChartView",
    // "<name>ChartMessage".
    explicit ChartFrame(const QString &name, QWidget *parent = nullptr, QChartView *view = nullptr);

    QChart *chart() const;
    QChartView *view() const { return m_view; }

    // Removes every series and axis and re-applies the theme.
    void clear();
    void setTitle(const QString &title);

    // Shows `text` in place of the chart: an empty state or an error.
    void showMessage(const QString &text);
    void showChart();
    bool isShowingChart() const;
    QString message() const;

    QDateTimeAxis *addTimeAxis(qint64 fromMs, qint64 toMs);
    // `labelFormat` is a printf format for the tick labels ("%.2f").
    QValueAxis *addValueAxis(const chart::AxisRange &range, const QString &title,
                             Qt::Alignment alignment = Qt::AlignLeft,
                             const QString &labelFormat = QString());
    // A base-10 logarithmic axis over [min, max] (both > 0), widened to whole decades, for
    // figures that span several orders of magnitude.
    QLogValueAxis *addLogAxis(double min, double max, const QString &title,
                              Qt::Alignment alignment = Qt::AlignLeft);
    // Adds the series to the chart and attaches it to the axes.
    void addSeries(QAbstractSeries *series, const QList<QAbstractAxis *> &axes);

    // A line in `color` (the theme's colours would change with the series order).
    QLineSeries *addLine(const QString &name, const QList<QPointF> &points, const QColor &color,
                         const QList<QAbstractAxis *> &axes, qreal width = 2.0,
                         Qt::PenStyle style = Qt::SolidLine);
    // An area between two lines with the same x values (a stacked layer); `lower` may be empty
    // for an area down to zero.
    QAreaSeries *addArea(const QString &name, const QList<QPointF> &upper,
                         const QList<QPointF> &lower, const QColor &color,
                         const QList<QAbstractAxis *> &axes);

    // Hover tooltips: `text` gets the hovered point in chart values (x = ms for a time axis).
    using PointText = std::function<QString(const QPointF &value)>;
    void addTooltip(QXYSeries *series, PointText text);
    void addTooltip(QAreaSeries *series, PointText text);
    void addTooltip(QBarSet *set, std::function<QString(int index)> text);

    // The tooltip last shown by a hover, for tests (QToolTip itself is not visible offscreen).
    QString lastTooltip() const { return m_lastTooltip; }

Q_SIGNALS:
    void themeChanged();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyTheme();
    void showTooltip(bool hovering, const QString &text);
    void updateTimeTicks();

    QChartView *m_view;
    QLabel *m_message;
    QStackedLayout *m_stack;
    QPointer<QDateTimeAxis> m_timeAxis;
    QString m_lastTooltip;
};

} // namespace streamsync::ui
