#include "daemon/ApiLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcHttp, "streamsync.http")
Q_LOGGING_CATEGORY(lcMetrics, "streamsync.metrics")
Q_LOGGING_CATEGORY(lcAdmin, "streamsync.admin")

} // namespace streamsync
