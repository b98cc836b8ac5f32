#include "ConsoleSettings.h"

namespace streamsync::ui {

namespace {

QString geometryKey()
{
    return QStringLiteral("MainWindow/geometry");
}
QString stateKey()
{
    return QStringLiteral("MainWindow/state");
}
QString splitterKey()
{
    return QStringLiteral("MainWindow/splitter");
}
QString headerKey()
{
    return QStringLiteral("MainWindow/nodeTableHeader");
}

} // namespace

QByteArray ConsoleSettings::mainWindowGeometry() const
{
    return m_settings.value(geometryKey()).toByteArray();
}

void ConsoleSettings::setMainWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(geometryKey(), geometry);
}

QByteArray ConsoleSettings::mainWindowState() const
{
    return m_settings.value(stateKey()).toByteArray();
}

void ConsoleSettings::setMainWindowState(const QByteArray &state)
{
    m_settings.setValue(stateKey(), state);
}

QByteArray ConsoleSettings::splitterState() const
{
    return m_settings.value(splitterKey()).toByteArray();
}

void ConsoleSettings::setSplitterState(const QByteArray &state)
{
    m_settings.setValue(splitterKey(), state);
}

QByteArray ConsoleSettings::nodeTableHeaderState() const
{
    return m_settings.value(headerKey()).toByteArray();
}

void ConsoleSettings::setNodeTableHeaderState(const QByteArray &state)
{
    m_settings.setValue(headerKey(), state);
}

void ConsoleSettings::sync()
{
    m_settings.sync();
}

} // namespace streamsync::ui
