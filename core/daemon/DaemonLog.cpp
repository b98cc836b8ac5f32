#include "daemon/DaemonLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcDaemon, "streamsync.daemon")

} // namespace streamsync
