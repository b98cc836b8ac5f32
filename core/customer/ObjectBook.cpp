#include "customer/ObjectBook.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace streamsync {

namespace {

QString peerText(const PeerAddress &peer)
{
    return peer.endpointText() + QLatin1Char('@') + peer.nodeId.toHex();
}

QJsonObject toJson(const ObjectBook::Entry &entry)
{
    QJsonArray chunks;
    for (const QByteArray &hash : entry.chunkHashes)
        chunks.append(QString::fromLatin1(hash.toHex()));
    QJsonArray holders;
    for (const PeerAddress &peer : entry.holders)
        holders.append(peerText(peer));
    return {{QStringLiteral("size"), entry.size},
            {QStringLiteral("chunks"), chunks},
            {QStringLiteral("holders"), holders}};
}

Result<ObjectBook::Entry> fromJson(const QString &id, const QJsonObject &json)
{
    ObjectBook::Entry entry;
    entry.objectId = QByteArray::fromHex(id.toLatin1());
    entry.size = json.value(QLatin1String("size")).toInteger();
    for (const QJsonValue &hash : json.value(QLatin1String("chunks")).toArray())
        entry.chunkHashes.append(QByteArray::fromHex(hash.toString().toLatin1()));
    for (const QJsonValue &text : json.value(QLatin1String("holders")).toArray()) {
        auto peer = PeerAddress::parsePeer(text.toString());
        if (!peer)
            return fail(QStringLiteral("object %1: %2").arg(id.left(8), peer.error()));
        entry.holders.append(peer.value());
    }
    if (entry.objectId.size() != 32)
        return fail(QStringLiteral("'%1' is not an object id").arg(id.left(80)));
    return entry;
}

} // namespace

QString ObjectBook::pathIn(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("objects.json"));
}

Result<ObjectBook> ObjectBook::load(const QString &dir)
{
    ObjectBook book;
    book.m_dir = dir;
    QFile file(pathIn(dir));
    if (!file.exists())
        return book;
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject())
        return fail(QStringLiteral("%1 is not a customer's object book").arg(file.fileName()));
    const QJsonObject root = doc.object();
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        auto entry = fromJson(it.key(), it.value().toObject());
        if (!entry)
            return fail(QStringLiteral("%1: %2").arg(file.fileName(), entry.error()));
        book.m_entries.insert(entry->objectId, entry.value());
    }
    return book;
}

Result<void> ObjectBook::save() const
{
    QJsonObject root;
    for (const Entry &entry : m_entries)
        root.insert(QString::fromLatin1(entry.objectId.toHex()), toJson(entry));
    QSaveFile file(pathIn(m_dir));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 ||
        !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

void ObjectBook::remember(const Entry &entry)
{
    Entry merged = entry;
    if (const Entry *known = find(entry.objectId)) {
        for (const PeerAddress &peer : known->holders) {
            const bool listed =
                std::any_of(merged.holders.cbegin(), merged.holders.cend(),
                            [&](const PeerAddress &p) { return p.nodeId == peer.nodeId; });
            if (!listed)
                merged.holders.append(peer);
        }
    }
    m_entries.insert(entry.objectId, merged);
}

const ObjectBook::Entry *ObjectBook::find(const QByteArray &objectId) const
{
    const auto it = m_entries.constFind(objectId);
    return it == m_entries.constEnd() ? nullptr : &*it;
}

QList<PeerAddress> ObjectBook::allHolders() const
{
    QList<PeerAddress> all;
    for (const Entry &entry : m_entries) {
        for (const PeerAddress &peer : entry.holders) {
            const bool listed = std::any_of(all.cbegin(), all.cend(), [&](const PeerAddress &p) {
                return p.nodeId == peer.nodeId;
            });
            if (!listed)
                all.append(peer);
        }
    }
    return all;
}

} // namespace streamsync
