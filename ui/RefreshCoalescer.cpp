#include "RefreshCoalescer.h"

#include <QTimer>

namespace streamsync::ui {

RefreshCoalescer::RefreshCoalescer(Load load, int minIntervalMs, QObject *parent)
    : QObject(parent), m_load(std::move(load)), m_delay(new QTimer(this))
{
    m_delay->setSingleShot(true);
    m_delay->setInterval(minIntervalMs);
    connect(m_delay, &QTimer::timeout, this, &RefreshCoalescer::start);
}

void RefreshCoalescer::request()
{
    if (m_inFlight) {
        m_pending = true;
        return;
    }
    if (!m_delay->isActive())
        m_delay->start();
}

void RefreshCoalescer::done()
{
    m_inFlight = false;
    if (m_pending) {
        m_pending = false;
        m_delay->start();
    }
}

void RefreshCoalescer::start()
{
    m_inFlight = true;
    ++m_started;
    m_load(); // may call done() before it returns, when the result was already there
}

} // namespace streamsync::ui
