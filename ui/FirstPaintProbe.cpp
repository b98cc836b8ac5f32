#include "FirstPaintProbe.h"

#include <QEvent>
#include <QWidget>

namespace streamsync::ui {

FirstPaintProbe::FirstPaintProbe(QWidget *watched) : QObject(watched)
{
    watched->installEventFilter(this);
}

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    // The paint event itself is still being handled; the signal goes out once it is done.
    if (!m_seen && event->type() == QEvent::Paint) {
        m_seen = true;
        watched->removeEventFilter(this);
        QMetaObject::invokeMethod(this, &FirstPaintProbe::painted, Qt::QueuedConnection);
    }
    return false;
}

} // namespace streamsync::ui
