#pragma once

#include "money/Money.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QMap>

namespace streamsync {

// The {key → uint µcr} maps of the bodies (genesis grants, close payouts).
class KeyAmounts
{
public:
    enum Zero { ZeroAllowed, ZeroRefused };

    static QCborMap toCbor(const QMap<QByteArray, Money> &amounts);
    // `name` is the map's field, e.g. "payouts.dividend", for messages such as
    // "epoch_close: payouts.dividend[1a2b3c4d] must be above 0 µcr".
    static Result<QMap<QByteArray, Money>> fromCbor(const QCborMap &map, const QString &where,
                                                    const QString &name, Zero zero);
};

} // namespace streamsync
