#include "storage/ObjectManifest.h"

#include "storage/MerkleTree.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>

namespace streamsync {

namespace {

QCborArray toArray(const QList<QByteArray> &hashes)
{
    QCborArray array;
    for (const QByteArray &hash : hashes)
        array.append(hash);
    return array;
}

std::optional<QList<QByteArray>> hashesOf(const QCborValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QList<QByteArray> hashes;
    for (const QCborValue &item : value.toArray()) {
        if (!item.isByteArray() || item.toByteArray().size() != MerkleTree::kHashBytes)
            return std::nullopt;
        hashes.append(item.toByteArray());
    }
    return hashes;
}

QCborValue field(const QCborMap &map, const char *key)
{
    return map.value(QLatin1String(key));
}

} // namespace

QByteArray ObjectManifest::encode() const
{
    QCborMap map;
    map.insert(QLatin1String("v"), 1);
    map.insert(QLatin1String("id"), objectId);
    map.insert(QLatin1String("size"), size);
    map.insert(QLatin1String("chunks"), toArray(chunkHashes));
    map.insert(QLatin1String("leaves"), toArray(leafHashes));
    return QCborValue(map).toCbor();
}

Result<ObjectManifest> ObjectManifest::decode(QByteArrayView bytes)
{
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes.toByteArray(), &error);
    if (error.error != QCborError::NoError || !value.isMap())
        return fail(QStringLiteral("manifest is not a CBOR map"));
    const QCborMap map = value.toMap();
    const auto chunks = hashesOf(field(map, "chunks"));
    const auto leaves = hashesOf(field(map, "leaves"));
    ObjectManifest manifest;
    manifest.objectId = field(map, "id").toByteArray();
    manifest.size = field(map, "size").toInteger(-1);
    if (field(map, "v").toInteger() != 1 || !chunks || !leaves ||
        chunks->size() != leaves->size() || manifest.size < 0)
        return fail(QStringLiteral("manifest is malformed"));
    manifest.chunkHashes = *chunks;
    manifest.leafHashes = *leaves;
    if (MerkleTree::root(manifest.leafHashes) != manifest.objectId)
        return fail(QStringLiteral("manifest is corrupt: its leaves do not hash to its object id"));
    return manifest;
}

} // namespace streamsync
