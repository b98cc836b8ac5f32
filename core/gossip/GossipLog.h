#pragma once

#include <QLoggingCategory>

namespace streamsync {

// "streamsync.gossip": anti-entropy rounds, pulls, every refused event with its reason, forks.
Q_DECLARE_LOGGING_CATEGORY(lcGossip)

} // namespace streamsync
