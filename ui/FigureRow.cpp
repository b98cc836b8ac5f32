#include "FigureRow.h"

#include <QGridLayout>
#include <QLabel>

namespace streamsync::ui {

namespace {

QString noValue()
{
    return QStringLiteral("—");
}

} // namespace

FigureRow::FigureRow(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(28);
    m_grid->setVerticalSpacing(0);
}

QLabel *FigureRow::addFigure(const QString &objectName, const QString &caption,
                             const QString &toolTip)
{
    const int column = int(m_values.size());
    auto *captionLabel = new QLabel(caption, this);
    QFont small = captionLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    captionLabel->setFont(small);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(noValue(), this);
    value->setObjectName(objectName);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    value->setFont(big);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setToolTip(toolTip);
    captionLabel->setToolTip(toolTip);
    m_grid->addWidget(captionLabel, 0, column);
    m_grid->addWidget(value, 1, column);
    m_grid->setColumnStretch(column + 1, 1); // figures keep to the left
    if (column > 0)
        m_grid->setColumnStretch(column, 0);
    m_values.append(value);
    return value;
}

void FigureRow::clearValues()
{
    for (QLabel *value : m_values)
        value->setText(noValue());
}

} // namespace streamsync::ui
