#pragma once

#include "log/Event.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace streamsync {

class Clock;
class Ledger;

// This node's turn at closing epochs (docs/market.md "Epoch close"): when the next epoch to
// close has ended and one of the node's closer identities is among its closers (rank r), a timer
// fires at closeDueMs(epoch, r) = end + closerTimeoutMs·(r + 1); if the epoch is still not
// closed then (a better-ranked closer did not), that identity signs the ledger's prepareClose
// body into its feed. reschedule() is called whenever the ledger changed, since a close by
// another node moves the next epoch on. One close per epoch at most: a close the ledger does not
// accept (it waits for events, say) is not signed again.
//
// The identities are the node's key and, given `run --genesis-key`, the network's genesis key:
// with no stake bonded (the first epoch of every network) the genesis key is the only closer,
// so one process of a network must hold it (exactly one: two would fork the genesis feed).
class EpochCloser : public QObject
{
    Q_OBJECT

public:
    struct Identity
    {
        QByteArray key;
        // Signs `body` as an epoch_close into this identity's feed.
        std::function<Result<Event>(const QCborMap &body)> sign;
    };

    EpochCloser(const Ledger &ledger, QList<Identity> identities, const Clock &clock,
                QObject *parent = nullptr);

    void reschedule();
    void stop();

Q_SIGNALS:
    // An epoch_close was appended to the log.
    void appended(qint64 epoch);

private:
    // The identity with the best rank for `epoch`, or nullptr; `rank` receives its rank.
    const Identity *bestFor(qint64 epoch, int &rank) const;
    void onDue();

    const Ledger &m_ledger;
    QList<Identity> m_identities;
    const Clock &m_clock;
    QTimer m_timer;
    qint64 m_signed = -1; // the last epoch this node signed a close for
    bool m_stopped = false;
};

} // namespace streamsync
