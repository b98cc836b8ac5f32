#pragma once

#include "money/Money.h"

#include <QList>
#include <QString>

namespace streamsync {

// One competitor of the local network (DESIGN §8): who runs it, how it prices and what hardware
// it pretends to have. The spread is the point: a market where every node asked the same and
// answered as fast would show no competition. The daemon applies them through `run`'s
// --strategy, --offer-price, --bond, --latency-ms, --fail-rate and --capacity-bytes.
struct CompetitorProfile
{
    QString name;     // the operator's name, also the node's folder name
    QString strategy; // fixed | undercut | premium | walk | archive
    Money offerPrice; // starting price per query
    Money bond;
    int latencyMs = 0;
    int failPermille = 0;
    qint64 capacityBytes = 0;

    // `count` profiles: the five strategies once each, then again (from undercut: a price war
    // needs two) with other names and hardware, so six competitors have every strategy and
    // undercut twice.
    static QList<CompetitorProfile> roster(int count);
};

} // namespace streamsync
