#pragma once

#include <QList>
#include <QPoint>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace streamsync::ui {

// A row of headline figures above a chart ("Today 1.2 cr", "All time 340 cr"): a small caption
// over a larger value, so the numbers an operator looks for first are read without hovering.
// Figures that do not fit the width go on to a second line instead of widening the window (a
// 1280-pixel screen holds five long figures only just).
class FigureRow : public QWidget
{
    Q_OBJECT

public:
    explicit FigureRow(QWidget *parent = nullptr);

    // Adds a figure and returns its value label (named `objectName`), initially "—".
    QLabel *addFigure(const QString &objectName, const QString &caption,
                      const QString &toolTip = QString());
    // Every value back to "—" (no data, or an error).
    void clearValues();
    // How many lines the figures take at the current width.
    int lineCount() const { return m_lines; }

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void reflow();

    QGridLayout *m_grid;
    QList<QWidget *> m_cells; // caption over value, one per figure
    QList<QLabel *> m_values;
    QList<QPoint> m_places; // where each figure sits: (column, line)
    int m_lines = 1;
};

} // namespace streamsync::ui
