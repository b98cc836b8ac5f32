#include "net/NetLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcNet, "streamsync.net")

} // namespace streamsync
