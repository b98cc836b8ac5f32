#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.net": connections, handshakes and every reason a connection was closed.
Q_DECLARE_LOGGING_CATEGORY(lcNet)

} // namespace streamsync
