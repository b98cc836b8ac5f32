#include "customer/HeldReports.h"

#include <QCborMap>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace streamsync {

QString HeldReports::pathIn(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("held-reports.cbor"));
}

Result<void> HeldReports::save(const QString &path, const Reports &reports)
{
    const QCborMap map{{QStringLiteral("races"), reports.races.toCbor()},
                       {QStringLiteral("audits"), reports.audits.toCbor()}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(map.toCborValue().toCbor()) < 0 ||
        !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Result<std::optional<HeldReports::Reports>> HeldReports::take(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::optional<Reports>();
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QCborMap map = QCborValue::fromCbor(file.read(1 << 20)).toMap();
    file.close();
    auto races = RaceReportBody::fromCbor(map.value(QStringLiteral("races")).toMap());
    auto audits = AuditReportBody::fromCbor(map.value(QStringLiteral("audits")).toMap());
    if (!races || !audits)
        return fail(
            QStringLiteral("%1 is damaged: %2").arg(path, races ? audits.error() : races.error()));
    if (races->epoch != audits->epoch)
        return fail(QStringLiteral("%1 is damaged: its reports are for two epochs").arg(path));
    if (!QFile::remove(path))
        return fail(QStringLiteral("cannot remove %1 after reading it").arg(path));
    return std::optional<Reports>(Reports{std::move(races).value(), std::move(audits).value()});
}

} // namespace streamsync
