#pragma once

#include "money/Money.h"
#include "util/Result.h"

#include <QString>

#include <chrono>

namespace streamsync {

// What a local network is made of (DESIGN §8; `streamsync-node localnet`, and the console's
// embedded default). Everything lives in `dir`: keys, node folders, network.json, logs and
// localnet.json. A folder that already holds a network is reused as it is (its keys, nodes and
// genesis); only the counts that would need a new genesis cannot change then.
struct LocalNetworkSpec
{
    QString dir;
    // The `streamsync-node` binary every child runs.
    QString nodeProgram;
    int competitors = 6;
    qint64 epochMs = 30'000;
    int rate = 20; // the customer's queries per second
    // 0: every node listens on a free port; else node i on basePort + i.
    quint16 basePort = 0;
    QString host = QStringLiteral("127.0.0.1");
    // Objects the customer stores before its load starts, and their size.
    int objects = 3;
    qint64 objectBytes = 192 * 1024;
    // The customer's most per query (above every competitor's starting price).
    Money maxPrice = Money::fromMicro(20'000);
    // --metrics for every node (off unless asked).
    bool metrics = false;
    // SIGTERM, then SIGKILL after this.
    std::chrono::milliseconds stopGrace{5'000};
    quint32 seed = 1;

    Result<void> validate() const;
};

} // namespace streamsync
