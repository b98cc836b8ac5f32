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

QString viewKey()
{
    return QStringLiteral("MainWindow/view");
}
QString electricityKey()
{
    return QStringLiteral("Economics/electricityPerMonthMicro");
}
QString diskCostKey()
{
    return QStringLiteral("Economics/diskPerGbMonthMicro");
}
QString webhookKey()
{
    return QStringLiteral("Alerts/webhookUrl");
}
QString paletteKey()
{
    return QStringLiteral("Appearance/palette");
}

// A desktop's share of a typical electricity bill, as a starting point the operator adjusts:
// 20 W around the clock is ~14.6 kWh a month, ~4 cr at 0.30 cr/kWh.
constexpr qint64 kDefaultElectricityMicro = 4'000'000;

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

QString ConsoleSettings::currentView() const
{
    return m_settings.value(viewKey()).toString();
}

void ConsoleSettings::setCurrentView(const QString &name)
{
    m_settings.setValue(viewKey(), name);
}

qint64 ConsoleSettings::electricityPerMonthMicro() const
{
    return m_settings.value(electricityKey(), kDefaultElectricityMicro).toLongLong();
}

void ConsoleSettings::setElectricityPerMonthMicro(qint64 micro)
{
    m_settings.setValue(electricityKey(), micro);
}

// Zero by default: the console's premise is disk that is already paid for.
qint64 ConsoleSettings::diskPerGbMonthMicro() const
{
    return m_settings.value(diskCostKey(), 0).toLongLong();
}

void ConsoleSettings::setDiskPerGbMonthMicro(qint64 micro)
{
    m_settings.setValue(diskCostKey(), micro);
}

QString ConsoleSettings::webhookUrl() const
{
    return m_settings.value(webhookKey()).toString();
}

void ConsoleSettings::setWebhookUrl(const QString &url)
{
    m_settings.setValue(webhookKey(), url);
}

QString ConsoleSettings::paletteName() const
{
    return m_settings.value(paletteKey(), QStringLiteral("system")).toString();
}

void ConsoleSettings::setPaletteName(const QString &name)
{
    m_settings.setValue(paletteKey(), name);
}

void ConsoleSettings::sync()
{
    m_settings.sync();
}

} // namespace streamsync::ui
