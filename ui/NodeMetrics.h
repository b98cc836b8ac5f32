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
    // Stake on its way out (a drain unbonds it all) and when the next part is released.
    qint64 unbondingMicro = 0;
    std::optional<qint64> nextReleaseMs;
    qint64 nextReleaseInMs = 0; // as of the load
    bool suspended = false;
    int alerts = 0;
    QString lastAlert;
    QString error; // why some figures are missing
};

} // namespace streamsync::ui
