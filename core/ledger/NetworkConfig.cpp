#include "ledger/NetworkConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStringList>

namespace streamsync {

namespace {

const QString kGenesis = QStringLiteral("genesis");
const QString kParameters = QStringLiteral("parameters");

Result<QByteArray> genesisKey(const QJsonValue &value)
{
    const QByteArray hex = value.toString().toLatin1();
    const QByteArray key = QByteArray::fromHex(hex);
    if (!value.isString() || hex.size() != 64 || key.toHex() != hex.toLower())
        return fail(QStringLiteral("network file: 'genesis' must be the genesis key as 64 hex "
                                   "digits"));
    return key;
}

} // namespace

Result<NetworkConfig> NetworkConfig::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(QStringLiteral("network file is not valid JSON at offset %1: %2")
                        .arg(error.offset)
                        .arg(error.errorString()));
    if (!doc.isObject())
        return fail(QStringLiteral("network file must hold a JSON object"));
    const QJsonObject object = doc.object();
    for (const QString &field : object.keys()) {
        if (field != kGenesis && field != kParameters)
            return fail(QStringLiteral("network file: unknown field '%1' (expected 'genesis' and "
                                       "'parameters')")
                            .arg(field));
    }
    NetworkConfig config;
    auto key = genesisKey(object.value(kGenesis));
    if (!key)
        return Error{key.error()};
    config.genesis = std::move(key).value();
    if (object.contains(kParameters)) {
        if (!object.value(kParameters).isObject())
            return fail(QStringLiteral("network file: 'parameters' must be an object"));
        auto params = Parameters::fromJson(
            QJsonDocument(object.value(kParameters).toObject()).toJson(QJsonDocument::Compact));
        if (!params)
            return fail(QStringLiteral("network file: %1").arg(params.error()));
        config.params = std::move(params).value();
    }
    return config;
}

Result<NetworkConfig> NetworkConfig::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            QStringLiteral("cannot read the network file %1: %2").arg(path, file.errorString()));
    auto config = fromJson(file.readAll());
    if (!config)
        return fail(QStringLiteral("%1: %2").arg(path, config.error()));
    return config;
}

QByteArray NetworkConfig::toJson() const
{
    QJsonObject object;
    object.insert(kGenesis, QString::fromLatin1(genesis.toHex()));
    object.insert(kParameters, params.toJson());
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

Result<void> NetworkConfig::save(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit())
        return fail(
            QStringLiteral("cannot write the network file %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace streamsync
