#pragma once

namespace streamsync {

class GossipEngine;
class PeerConnection;

// An accepted connection takes part in gossip from its first gossip message on, not from the
// handshake: nodes that dial us open with their heads, while customers (who never gossip) are
// then never sent heads and never take a place in the engine's fanout. Until then an error
// message from the peer is only logged.
void joinGossipOnFirstMessage(PeerConnection *connection, GossipEngine &gossip);

} // namespace streamsync
