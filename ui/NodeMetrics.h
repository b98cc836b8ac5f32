#pragma once

#include <QString>

#include <optional>

namespace streamsync::ui {

// What the Overview compares across nodes beyond their summary: earnings, reputation, stake and
// alerts. Each figure is optional: unknown until the service answered, and it may not.
struct NodeMetrics
{
    std::optional<qint64> todayMicro;
    std::optional<qint64> epochMicro;
    std::optional<qint64> totalMicro;
    std::optional<double> accuracy;
    std::optional<double> performance;
    std::optional<double> uptime;
    std::optional<double> quality;
    std::optional<qint64> stakeMicro;
    bool suspended = false;
    int alerts = 0;
    QString lastAlert;
    QString error; // why some figures are missing
};

} // namespace streamsync::ui
