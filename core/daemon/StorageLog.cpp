#include "daemon/StorageLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcStorage, "streamsync.storage")

} // namespace streamsync
