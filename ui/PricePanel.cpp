#include "PricePanel.h"

#include "ConsoleLook.h"
#include "Format.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <cmath>

namespace streamsync::ui {

namespace {

constexpr double kSpinMaximum = 1e12; // typing past the network's bound shows why it is refused

QString none()
{
    return QStringLiteral("—");
}

} // namespace

PricePanel::PricePanel(QWidget *parent)
    : QGroupBox(tr("Your price"), parent), m_spin(new QDoubleSpinBox(this)),
      m_current(valueLabel(QStringLiteral("currentOfferLabel"))),
      m_median(valueLabel(QStringLiteral("marketMedianLabel"))),
      m_winShare(valueLabel(QStringLiteral("projectedWinShareLabel"))),
      m_earnings(valueLabel(QStringLiteral("projectedEarningsLabel"))),
      m_reason(valueLabel(QStringLiteral("applyReasonLabel"))),
      m_apply(new QPushButton(tr("Apply"), this)), m_undo(new QPushButton(tr("Undo"), this))
{
    setObjectName(QStringLiteral("pricePanel"));
    m_spin->setObjectName(QStringLiteral("ownPriceSpin"));
    m_spin->setDecimals(0); // whole µcr, as offers are signed
    m_spin->setRange(0, kSpinMaximum);
    m_spin->setSuffix(tr(" µcr/query"));
    m_spin->setAlignment(Qt::AlignRight);
    m_spin->setToolTip(tr("Price per query; or drag the line in the chart"));
    connect(m_spin, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { Q_EMIT priceEdited(qint64(std::llround(value))); });
    m_earnings->setWordWrap(true);
    m_reason->setWordWrap(true);
    m_reason->setText(QString());
    QFont strong = m_winShare->font();
    strong.setBold(true);
    strong.setPointSizeF(strong.pointSizeF() * 1.15);
    m_winShare->setFont(strong);
    m_earnings->setFont(strong);
    m_apply->setObjectName(QStringLiteral("applyOfferButton"));
    m_apply->setToolTip(tr("Sign and publish this price as the node's offer"));
    m_undo->setObjectName(QStringLiteral("undoOfferButton"));
    connect(m_apply, &QPushButton::clicked, this, &PricePanel::applyClicked);
    connect(m_undo, &QPushButton::clicked, this, &PricePanel::undoClicked);

    auto *prices = new QFormLayout;
    prices->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    prices->addRow(tr("New price:"), m_spin);
    prices->addRow(tr("Current offer:"), m_current);
    prices->addRow(tr("Market median:"), m_median);
    auto *projected = new QFormLayout;
    projected->addRow(tr("Win share:"), m_winShare);
    projected->addRow(tr("Earnings:"), m_earnings);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addWidget(m_undo);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(prices);
    layout->addSpacing(8);
    layout->addWidget(sectionHeading(tr("Projected for the new price"), this));
    layout->addLayout(projected);
    layout->addSpacing(8);
    layout->addLayout(buttons);
    layout->addWidget(m_reason);
    layout->addStretch(1);
    setMinimumWidth(280);
    setMaximumWidth(380);
}

QLabel *PricePanel::valueLabel(const QString &objectName)
{
    auto *label = new QLabel(none(), this);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void PricePanel::setPrice(qint64 priceMicro)
{
    if (qint64(std::llround(m_spin->value())) == priceMicro)
        return;
    const QSignalBlocker block(m_spin);
    m_spin->setValue(double(priceMicro));
}

void PricePanel::setCurrentAndMedian(qint64 currentMicro, qint64 medianMicro)
{
    m_current->setText(currentMicro > 0 ? format::pricePerQuery(currentMicro) : none());
    m_median->setText(medianMicro > 0 ? format::pricePerQuery(medianMicro) : none());
}

void PricePanel::setProjection(const std::optional<interfaces::PricePoint> &point,
                               const QString &why)
{
    if (!point) {
        m_winShare->setText(none());
        m_earnings->setText(why.isEmpty() ? none() : why);
        return;
    }
    m_winShare->setText(tr("%1 of queries").arg(format::percent(point->winShare)));
    m_earnings->setText(tr("%1 per epoch (≈ %2 queries won)")
                            .arg(format::credits(point->expectedEarningsMicro))
                            .arg(QLocale().toString(point->expectedQueriesWon, 'f', 0)));
}

void PricePanel::setApply(const QString &refusal, bool warn)
{
    m_apply->setEnabled(refusal.isEmpty());
    m_reason->setText(refusal);
    m_reason->setStyleSheet(warn ? errorTextStyle() : QString());
}

void PricePanel::setUndo(qint64 previousMicro, bool enabled)
{
    m_undo->setEnabled(enabled && previousMicro > 0);
    m_undo->setToolTip(
        previousMicro > 0
            ? tr("Publish the previous price again: %1").arg(format::pricePerQuery(previousMicro))
            : tr("Nothing to undo yet"));
}

} // namespace streamsync::ui
