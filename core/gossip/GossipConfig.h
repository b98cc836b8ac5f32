#pragma once

#include <QtGlobal>

#include <chrono>

namespace streamsync {

// How a node runs anti-entropy (DESIGN §4). Defaults suit a real network; tests shorten the
// interval.
struct GossipConfig
{
    // Every interval the node sends its heads to up to `fanout` ready peers, picked at random.
    std::chrono::milliseconds interval{1000};
    int fanout = 3;
    // One `events` reply carries at most this many events and bytes (at least one event): well
    // under the transport's frame limit, and small enough that accepting a batch (one database
    // transaction) keeps the event loop responsive.
    int maxBatchEvents = 256;
    qint64 maxBatchBytes = 512 * 1024;
    // Pulls waiting for their reply, per peer. Together with maxBatchBytes this bounds what two
    // peers can owe each other (4 × 512 KiB), which stays below the transport's write high-water
    // mark, so two nodes pulling from each other never both stop reading (see GossipEngine).
    int maxOutstandingPulls = 4;
    // A feed being pulled from one peer is pulled from no other until this passes without reply.
    std::chrono::milliseconds pullTimeout{30'000};
    // Received fork proofs this node cannot record yet (it lacks the feed up to the forked seq).
    int maxPendingProofs = 64;
    // Seeds the choice of peers, so a run can be replayed.
    quint32 seed = 1;
    // The network's limit on one encoded event (Parameters::maxEventBytes).
    qsizetype maxEventBytes = 64 * 1024;
};

} // namespace streamsync
