#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.storage": what a node stores and serves for peers, and every refusal's reason.
Q_DECLARE_LOGGING_CATEGORY(lcStorage)

} // namespace streamsync
