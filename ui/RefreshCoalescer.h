#pragma once

#include <QObject>

#include <functional>

class QTimer;

namespace streamsync::ui {

// Turns bursts of "the data moved" into at most one request in flight (Bitcoin Core's
// pollBalanceChanged habit): request() while a load runs only marks it to run once more after;
// loads start at most every `minIntervalMs`, so a burst of marketChanged signals costs one
// query. The load calls done() when its result has arrived (possibly inside the load itself).
class RefreshCoalescer : public QObject
{
    Q_OBJECT

public:
    using Load = std::function<void()>;

    RefreshCoalescer(Load load, int minIntervalMs, QObject *parent = nullptr);

    void request();
    void done();
    bool isInFlight() const { return m_inFlight; }
    bool isPending() const { return m_pending; }
    int loadsStarted() const { return m_started; }

private:
    void start();

    Load m_load;
    QTimer *m_delay;
    bool m_inFlight = false;
    bool m_pending = false;
    int m_started = 0;
};

} // namespace streamsync::ui
