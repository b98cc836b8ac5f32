#include "util/Clock.h"

#include <QDateTime>

namespace streamsync {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace streamsync
