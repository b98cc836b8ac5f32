#include "localnet/LocalnetManifest.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace streamsync {

QJsonObject LocalnetManifest::Process::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("role"), role},
            {QStringLiteral("node_id"), nodeId},
            {QStringLiteral("listen"), listen},
            {QStringLiteral("data_dir"), dataDir},
            {QStringLiteral("strategy"), strategy},
            {QStringLiteral("offer_price"), offerPriceMicro},
            {QStringLiteral("bond"), bondMicro},
            {QStringLiteral("latency_ms"), latencyMs},
            {QStringLiteral("fail_permille"), failPermille},
            {QStringLiteral("capacity_bytes"), capacityBytes},
            {QStringLiteral("pid"), pid},
            {QStringLiteral("state"), state}};
}

LocalnetManifest::Process LocalnetManifest::Process::fromJson(const QJsonObject &json)
{
    Process p;
    p.name = json.value(QLatin1String("name")).toString();
    p.role = json.value(QLatin1String("role")).toString();
    p.nodeId = json.value(QLatin1String("node_id")).toString();
    p.listen = json.value(QLatin1String("listen")).toString();
    p.dataDir = json.value(QLatin1String("data_dir")).toString();
    p.strategy = json.value(QLatin1String("strategy")).toString();
    p.offerPriceMicro = json.value(QLatin1String("offer_price")).toInteger();
    p.bondMicro = json.value(QLatin1String("bond")).toInteger();
    p.latencyMs = json.value(QLatin1String("latency_ms")).toInt();
    p.failPermille = json.value(QLatin1String("fail_permille")).toInt();
    p.capacityBytes = json.value(QLatin1String("capacity_bytes")).toInteger();
    p.pid = json.value(QLatin1String("pid")).toInteger();
    p.state = json.value(QLatin1String("state")).toString();
    return p;
}

QString LocalnetManifest::Process::peerArgument() const
{
    if (listen.isEmpty() || nodeId.isEmpty())
        return {};
    return listen + QLatin1Char('@') + nodeId;
}

QString LocalnetManifest::pathIn(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("localnet.json"));
}

Result<void> LocalnetManifest::save() const
{
    QJsonArray list;
    for (const Process &p : processes)
        list.append(p.toJson());
    const QJsonObject root{{QStringLiteral("dir"), dir},
                           {QStringLiteral("network"), network},
                           {QStringLiteral("passphrase_file"), passphraseFile},
                           {QStringLiteral("epoch_ms"), epochMs},
                           {QStringLiteral("rate"), rate},
                           {QStringLiteral("pid"), pid},
                           {QStringLiteral("objects"), QJsonArray::fromStringList(objects)},
                           {QStringLiteral("processes"), list}};
    QSaveFile file(pathIn(dir));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 ||
        !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

Result<LocalnetManifest> LocalnetManifest::load(const QString &dir)
{
    QFile file(pathIn(dir));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return fail(QStringLiteral("%1 is not a local network description: %2")
                        .arg(file.fileName(), error.errorString()));
    const QJsonObject root = doc.object();
    LocalnetManifest m;
    m.dir = root.value(QLatin1String("dir")).toString();
    m.network = root.value(QLatin1String("network")).toString();
    m.passphraseFile = root.value(QLatin1String("passphrase_file")).toString();
    m.epochMs = root.value(QLatin1String("epoch_ms")).toInteger();
    m.rate = root.value(QLatin1String("rate")).toInt();
    m.pid = root.value(QLatin1String("pid")).toInteger();
    for (const QJsonValue &v : root.value(QLatin1String("objects")).toArray())
        m.objects.append(v.toString());
    for (const QJsonValue &v : root.value(QLatin1String("processes")).toArray())
        m.processes.append(Process::fromJson(v.toObject()));
    return m;
}

} // namespace streamsync
