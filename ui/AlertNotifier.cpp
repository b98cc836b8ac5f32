#include "AlertNotifier.h"

#include <QSystemTrayIcon>

namespace streamsync::ui {

namespace {

constexpr int kNotificationMs = 10'000;

QSystemTrayIcon::MessageIcon iconFor(interfaces::Alert::Severity severity)
{
    switch (severity) {
    case interfaces::Alert::Severity::Info:
        return QSystemTrayIcon::Information;
    case interfaces::Alert::Severity::Warning:
        return QSystemTrayIcon::Warning;
    case interfaces::Alert::Severity::Critical:
        break;
    }
    return QSystemTrayIcon::Critical;
}

} // namespace

AlertNotifier::AlertNotifier(const QIcon &icon, QObject *parent) : QObject(parent)
{
    setObjectName(QStringLiteral("alertNotifier"));
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(icon, this);
    m_tray->setObjectName(QStringLiteral("trayIcon"));
    m_tray->setToolTip(tr("StreamSync Operator"));
    connect(m_tray, &QSystemTrayIcon::activated, this, &AlertNotifier::activated);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &AlertNotifier::activated);
    m_tray->show();
}

void AlertNotifier::notify(const interfaces::Alert &alert)
{
    m_lastTitle = alert.severity == interfaces::Alert::Severity::Critical
                      ? tr("StreamSync: action needed")
                      : tr("StreamSync");
    m_lastText = alert.text;
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(m_lastTitle, m_lastText, iconFor(alert.severity), kNotificationMs);
}

} // namespace streamsync::ui
