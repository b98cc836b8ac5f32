#pragma once

#include "interfaces/MarketData.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QDateTimeEdit;
class QLabel;

namespace streamsync::ui {

// Picks the time range a view shows: the last hour, day, week, month, everything, or a custom
// span between two date-time fields. Preset ranges are relative to "now" at the moment range()
// is called (toMs 0 = up to now), so a view that refreshes keeps sliding with time.
class TimeRangeSelector : public QWidget
{
    Q_OBJECT

public:
    enum class Preset { LastHour, LastDay, LastWeek, LastMonth, All, Custom };
    using NowFunction = std::function<qint64()>; // ms since the Unix epoch

    explicit TimeRangeSelector(QWidget *parent = nullptr);

    // Tests pin "now"; the default is the system clock.
    void setNowFunction(NowFunction now);

    Preset preset() const;
    void setPreset(Preset preset);
    // Switches to Custom with the given bounds (ms since the Unix epoch).
    void setCustomRange(qint64 fromMs, qint64 toMs);
    interfaces::TimeRange range() const;

    // The length of a preset, 0 for All and Custom.
    static qint64 presetLengthMs(Preset preset);

Q_SIGNALS:
    void rangeChanged(const streamsync::interfaces::TimeRange &range);

private:
    void onPresetChanged();
    void onCustomEdited();
    void updateCustomVisibility();
    void emitChanged();

    NowFunction m_now;
    QComboBox *m_preset;
    QDateTimeEdit *m_from;
    QLabel *m_dash;
    QDateTimeEdit *m_to;
};

} // namespace streamsync::ui

Q_DECLARE_METATYPE(streamsync::interfaces::TimeRange)
