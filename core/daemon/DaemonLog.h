#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.daemon": start-up, lifecycle, dialling and shutdown of a headless node.
Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

} // namespace streamsync
