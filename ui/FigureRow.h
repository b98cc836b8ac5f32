#pragma once

#include <QWidget>

class QGridLayout;
class QLabel;

namespace streamsync::ui {

// A row of headline figures above a chart ("Today 1.2 cr", "All time 340 cr"): a small caption
// over a larger value, so the numbers an operator looks for first are read without hovering.
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

private:
    QGridLayout *m_grid;
    QList<QLabel *> m_values;
};

} // namespace streamsync::ui
