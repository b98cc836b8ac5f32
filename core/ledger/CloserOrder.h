#pragma once

#include "money/Money.h"

#include <QByteArray>
#include <QList>
#include <QMap>

namespace streamsync {

// Who may close epoch n, best first (docs/market.md "Closer"): the nodes with bonded stake after
// close n−1, ordered by Efraimidis–Spirakis keys u^(1/stake), u drawn from SeededRandom seeded by
// the first 8 bytes (big-endian) of SHA-256(hash of close n−1 ‖ n as 8 bytes big-endian), one u
// per node in key order; equal keys fall back to key order. With nobody bonded (the genesis
// epoch, or a network whose stake all left) the genesis key is the only closer.
class CloserOrder
{
public:
    static QList<QByteArray> order(const QMap<QByteArray, Money> &bonded,
                                   const QByteArray &previousCloseHash, qint64 epoch,
                                   const QByteArray &genesisAuthor);
    static quint64 seed(const QByteArray &previousCloseHash, qint64 epoch);
};

} // namespace streamsync
