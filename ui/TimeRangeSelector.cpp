#include "TimeRangeSelector.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace streamsync::ui {

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;

QDateTimeEdit *makeEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(objectName);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    return edit;
}

} // namespace

TimeRangeSelector::TimeRangeSelector(QWidget *parent)
    : QWidget(parent), m_now([] { return QDateTime::currentMSecsSinceEpoch(); }),
      m_preset(new QComboBox(this)), m_from(makeEdit(QStringLiteral("rangeFromEdit"), this)),
      m_dash(new QLabel(QStringLiteral("–"), this)),
      m_to(makeEdit(QStringLiteral("rangeToEdit"), this))
{
    setObjectName(QStringLiteral("timeRangeSelector"));
    m_preset->setObjectName(QStringLiteral("rangePresetCombo"));
    m_preset->setToolTip(tr("Time range shown"));
    const QList<std::pair<Preset, QString>> presets{
        {Preset::LastHour, tr("Last hour")},   {Preset::LastDay, tr("Last 24 hours")},
        {Preset::LastWeek, tr("Last 7 days")}, {Preset::LastMonth, tr("Last 30 days")},
        {Preset::All, tr("All time")},         {Preset::Custom, tr("Custom…")}};
    for (const auto &[preset, text] : presets)
        m_preset->addItem(text, static_cast<int>(preset));
    m_preset->setCurrentIndex(static_cast<int>(Preset::LastDay));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_preset);
    layout->addWidget(m_from);
    layout->addWidget(m_dash);
    layout->addWidget(m_to);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &TimeRangeSelector::onPresetChanged);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &TimeRangeSelector::onCustomEdited);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &TimeRangeSelector::onCustomEdited);
    updateCustomVisibility();
}

void TimeRangeSelector::setNowFunction(NowFunction now)
{
    m_now = std::move(now);
}

TimeRangeSelector::Preset TimeRangeSelector::preset() const
{
    return static_cast<Preset>(m_preset->currentData().toInt());
}

void TimeRangeSelector::setPreset(Preset preset)
{
    m_preset->setCurrentIndex(m_preset->findData(static_cast<int>(preset)));
}

void TimeRangeSelector::setCustomRange(qint64 fromMs, qint64 toMs)
{
    {
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(fromMs));
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(toMs));
    }
    if (preset() == Preset::Custom)
        emitChanged();
    else
        setPreset(Preset::Custom); // emits through onPresetChanged
}

qint64 TimeRangeSelector::presetLengthMs(Preset preset)
{
    switch (preset) {
    case Preset::LastHour:
        return kHourMs;
    case Preset::LastDay:
        return kDayMs;
    case Preset::LastWeek:
        return 7 * kDayMs;
    case Preset::LastMonth:
        return 30 * kDayMs;
    case Preset::All:
    case Preset::Custom:
        break;
    }
    return 0;
}

interfaces::TimeRange TimeRangeSelector::range() const
{
    const Preset current = preset();
    if (current == Preset::All)
        return {};
    if (current == Preset::Custom) {
        // Whichever way round the operator typed them, the earlier bound comes first.
        const qint64 a = m_from->dateTime().toMSecsSinceEpoch();
        const qint64 b = m_to->dateTime().toMSecsSinceEpoch();
        return {qMin(a, b), qMax(a, b)};
    }
    return {m_now() - presetLengthMs(current), 0};
}

void TimeRangeSelector::onPresetChanged()
{
    if (preset() == Preset::Custom && m_from->dateTime() >= m_to->dateTime()) {
        // Start the custom fields from the last day, so they are never an empty span.
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        const qint64 now = m_now();
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(now - kDayMs));
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(now));
    }
    updateCustomVisibility();
    emitChanged();
}

void TimeRangeSelector::onCustomEdited()
{
    if (preset() == Preset::Custom)
        emitChanged();
}

void TimeRangeSelector::updateCustomVisibility()
{
    const bool custom = preset() == Preset::Custom;
    m_from->setVisible(custom);
    m_dash->setVisible(custom);
    m_to->setVisible(custom);
}

void TimeRangeSelector::emitChanged()
{
    Q_EMIT rangeChanged(range());
}

} // namespace streamsync::ui
