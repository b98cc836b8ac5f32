#pragma once

#include <QByteArray>
#include <QSettings>

namespace streamsync::ui {

// The console's persistent view settings, typed, with every QSettings key in one place
// (qBittorrent's SettingValue habit) so no string key is scattered through the widgets.
// Uses the application's organization and name, so tests that set their own names leave the
// operator's settings alone. Whether the toolbar shows is part of the main window state.
class ConsoleSettings
{
public:
    ConsoleSettings() = default;

    QByteArray mainWindowGeometry() const;
    void setMainWindowGeometry(const QByteArray &geometry);

    QByteArray mainWindowState() const;
    void setMainWindowState(const QByteArray &state);

    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);

    QByteArray nodeTableHeaderState() const;
    void setNodeTableHeaderState(const QByteArray &state);

    // The view shown last (its name: "overview", "market"…), reopened on the next start.
    QString currentView() const;
    void setCurrentView(const QString &name);

    // The operator's own cost assumptions for the Economics view, in µcr.
    qint64 electricityPerMonthMicro() const;
    void setElectricityPerMonthMicro(qint64 micro);
    qint64 diskPerGbMonthMicro() const;
    void setDiskPerGbMonthMicro(qint64 micro);

    // Where alerts are also posted as JSON; empty for nowhere.
    QString webhookUrl() const;
    void setWebhookUrl(const QString &url);

    // "system", "light" or "dark".
    QString paletteName() const;
    void setPaletteName(const QString &name);

    // Writes pending changes now (QSettings otherwise batches them until it is destroyed).
    void sync();

private:
    QSettings m_settings;
};

} // namespace streamsync::ui
