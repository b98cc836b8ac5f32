#include "localnet/LocalnetLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcLocalnet, "streamsync.localnet")

} // namespace streamsync
