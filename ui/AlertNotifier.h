#pragma once

#include "interfaces/MarketData.h"

#include <QObject>

class QSystemTrayIcon;

namespace streamsync::ui {

// Brings alerts to the operator outside the window (DESIGN §9): a tray notification where the
// desktop has a system tray. Without one (a bare X server, the offscreen platform) it does
// nothing, and the main window's banner is the only place they show.
class AlertNotifier : public QObject
{
    Q_OBJECT

public:
    explicit AlertNotifier(const QIcon &icon, QObject *parent = nullptr);

    bool hasTray() const { return m_tray != nullptr; }
    void notify(const interfaces::Alert &alert);
    // The last notification's title and text, also without a tray (for tests).
    QString lastTitle() const { return m_lastTitle; }
    QString lastText() const { return m_lastText; }

Q_SIGNALS:
    // The operator clicked the tray icon or a notification.
    void activated();

private:
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastTitle;
    QString m_lastText;
};

} // namespace streamsync::ui
