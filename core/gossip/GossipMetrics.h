#pragma once

#include <QtGlobal>

namespace streamsync {

// Counters of one GossipEngine since it started, for status output and the console's charts.
struct GossipMetrics
{
    int peers = 0;
    quint64 eventsStored = 0;   // new events accepted from peers
    quint64 duplicates = 0;     // events received that were already stored
    quint64 eventsRefused = 0;  // forged, tampered, out-of-order or otherwise refused
    quint64 forksDetected = 0;  // forks this node found itself
    quint64 proofsReceived = 0; // valid fork proofs new to this node, received from peers
    quint64 pullsSent = 0;
    // When the last new event arrived (ms since the epoch; 0 before the first): with the clock's
    // now, how long the node's view has stood still.
    qint64 lastNewEventMs = 0;
    // Gossip lag: the largest number of events any ready peer said it holds beyond ours on one
    // feed, in the latest heads of each peer. 0 when this node has caught up with all of them.
    quint64 maxHeadLead = 0;
};

} // namespace streamsync
