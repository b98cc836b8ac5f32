#include "gossip/GossipLog.h"

namespace streamsync {

Q_LOGGING_CATEGORY(lcGossip, "streamsync.gossip")

} // namespace streamsync
