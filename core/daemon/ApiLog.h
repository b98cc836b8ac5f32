#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.http": requests refused before a handler saw them (malformed, too large, slow).
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
// "streamsync.metrics": the Prometheus endpoint and misuse of the metrics registry.
Q_DECLARE_LOGGING_CATEGORY(lcMetrics)
// "streamsync.admin": the admin API: refused tokens, lifecycle changes made through it.
Q_DECLARE_LOGGING_CATEGORY(lcAdmin)

} // namespace streamsync
