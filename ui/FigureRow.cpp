#include "FigureRow.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QVBoxLayout>

namespace streamsync::ui {

namespace {

constexpr int kSpacing = 28;

QString noValue()
{
    return QStringLiteral("—");
}

} // namespace

FigureRow::FigureRow(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(kSpacing);
    m_grid->setVerticalSpacing(6);
    // The width is the parent's to give; the figures wrap to fit it (see reflow()).
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

QLabel *FigureRow::addFigure(const QString &objectName, const QString &caption,
                             const QString &toolTip)
{
    auto *cell = new QWidget(this);
    auto *stack = new QVBoxLayout(cell);
    stack->setContentsMargins(0, 0, 0, 0);
    stack->setSpacing(0);
    auto *captionLabel = new QLabel(caption, cell);
    QFont small = captionLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    captionLabel->setFont(small);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(noValue(), cell);
    value->setObjectName(objectName);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    value->setFont(big);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setToolTip(toolTip);
    captionLabel->setToolTip(toolTip);
    stack->addWidget(captionLabel);
    stack->addWidget(value);
    m_cells.append(cell);
    m_values.append(value);
    reflow();
    return value;
}

void FigureRow::clearValues()
{
    for (QLabel *value : m_values)
        value->setText(noValue());
}

// A value's new text changes its cell's width: the lines may break elsewhere now.
bool FigureRow::event(QEvent *event)
{
    const bool handled = QWidget::event(event);
    if (event->type() == QEvent::LayoutRequest)
        reflow();
    return handled;
}

void FigureRow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        reflow();
}

// Places the figures left to right, starting a new line where the next would not fit. Only a
// different placement touches the grid: moving widgets asks for another layout pass, and an
// unchanged one must not start an endless round of them.
void FigureRow::reflow()
{
    const int available = width() > 0 ? width() : 1 << 20;
    QList<QPoint> places; // (column, line) per figure
    int line = 0;
    int column = 0;
    int used = 0;
    int columns = 1;
    for (QWidget *cell : std::as_const(m_cells)) {
        const int needed = cell->sizeHint().width() + (column > 0 ? kSpacing : 0);
        if (column > 0 && used + needed > available) {
            ++line;
            column = 0;
            used = 0;
        }
        used += cell->sizeHint().width() + (column > 0 ? kSpacing : 0);
        places.append(QPoint(column, line));
        columns = std::max(columns, ++column);
    }
    if (places == m_places)
        return;
    m_places = places;
    for (QWidget *cell : std::as_const(m_cells))
        m_grid->removeWidget(cell);
    for (qsizetype i = 0; i < m_cells.size(); ++i)
        m_grid->addWidget(m_cells[i], places[i].y(), places[i].x(), Qt::AlignLeft | Qt::AlignTop);
    // Figures keep to the left: the column after the widest line takes the slack.
    for (int c = 0; c <= columns; ++c)
        m_grid->setColumnStretch(c, c == columns ? 1 : 0);
    m_lines = line + 1;
}

} // namespace streamsync::ui
