#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.localnet": the embedded local network's own troubles (not its children's logs).
Q_DECLARE_LOGGING_CATEGORY(lcLocalnet)

} // namespace streamsync
