#include "console/NetworkSettings.h"

#include <QRegularExpression>
#include <QSettings>

namespace streamsync::console {

NetworkSettings NetworkSettings::load()
{
    const QSettings settings;
    NetworkSettings s;
    const QVariant bootstrap = settings.value(QStringLiteral("network/bootstrap"));
    // A list, or one comma- or space-separated string as a hand-edited file holds it.
    for (const QString &entry : bootstrap.toStringList()) {
        for (const QString &peer :
             entry.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
            s.bootstrap.append(peer);
    }
    s.networkFile = settings.value(QStringLiteral("network/config")).toString();
    s.listen = settings.value(QStringLiteral("network/listen"), s.listen).toString();
    return s;
}

} // namespace streamsync::console
