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

    // Writes pending changes now (QSettings otherwise batches them until it is destroyed).
    void sync();

private:
    QSettings m_settings;
};

} // namespace streamsync::ui
