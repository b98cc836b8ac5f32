#include "StatePresentation.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace streamsync::ui {

namespace {

constexpr int kDotSize = 12;

QIcon paintDot(const QColor &color)
{
    QPixmap pixmap(kDotSize, kDotSize);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color.darker(130), 1));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1.5, 1.5, kDotSize - 3, kDotSize - 3));
    return QIcon(pixmap);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("streamsync::ui::StatePresentation", text);
}

} // namespace

QColor stateColor(LifecycleState state)
{
    switch (state) {
    case LifecycleState::Online:
        return QColor(0x2e, 0x9d, 0x4f);
    case LifecycleState::Starting:
    case LifecycleState::Paused:
    case LifecycleState::Draining:
        return QColor(0xd0, 0x8a, 0x00);
    case LifecycleState::Failed:
    case LifecycleState::Suspended:
        return QColor(0xc0, 0x39, 0x2b);
    case LifecycleState::Provisioning:
    case LifecycleState::Stopped:
    case LifecycleState::Exited:
    case LifecycleState::Retired:
        break;
    }
    return QColor(0x8a, 0x94, 0x9e);
}

QIcon stateIcon(LifecycleState state)
{
    // Painting is cheap but the table asks for every visible cell on every repaint.
    static QHash<int, QIcon> cache;
    const int key = static_cast<int>(state);
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, paintDot(stateColor(state)));
    return *it;
}

QString stateDescription(LifecycleState state)
{
    switch (state) {
    case LifecycleState::Provisioning:
        return tr("Being set up: key and folder are prepared");
    case LifecycleState::Stopped:
        return tr("Stopped: not serving; can be started");
    case LifecycleState::Starting:
        return tr("Starting: joining the network");
    case LifecycleState::Online:
        return tr("Online: accepting uploads and answering queries");
    case LifecycleState::Paused:
        return tr("Paused: keeps its data but takes no new work");
    case LifecycleState::Draining:
        return tr("Draining: no new uploads; stored data is being fetched away");
    case LifecycleState::Exited:
        return tr("Exited: drained and unbonded; can be retired");
    case LifecycleState::Retired:
        return tr("Retired: final; kept for the record");
    case LifecycleState::Failed:
        return tr("Failed: stopped by an error; can be restarted");
    case LifecycleState::Suspended:
        return tr("Suspended by the protocol");
    }
    return {};
}

} // namespace streamsync::ui
