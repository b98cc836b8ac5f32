#include "console/ProjectionReader.h"

#include "crypto/NodeId.h"
#include "ledger/NetworkConfig.h"
#include "log/Event.h"

#include <QDir>
#include <QFile>

namespace streamsync::console {

Result<void> ProjectionReader::use(const ViewContext &context)
{
    const bool sameNode = m_db.isOpen() && context.folder == m_context.folder &&
                          context.networkFile == m_context.networkFile;
    m_context = context;
    if (sameNode) {
        if (auto meta = readMeta(); !meta)
            return meta;
        loadNames();
        return {};
    }
    if (auto opened = m_db.use(context.databasePath()); !opened)
        return opened;
    if (!m_db.hasTable(QStringLiteral("ledger_offers"))) {
        m_db.close();
        return fail(QStringLiteral("the node's database keeps no ledger yet; it fills once the "
                                   "node runs with the network's config"));
    }
    const auto params = networkParameters(context);
    if (!params)
        return Error{params.error()};
    m_params = params.value();
    if (auto meta = readMeta(); !meta)
        return meta;
    loadNames();
    return {};
}

// The folder's own copy of the network's config (which `run --network` keeps), else the one the
// console joined with, else the defaults.
Result<Parameters> ProjectionReader::networkParameters(const ViewContext &context)
{
    const QString kept = QDir(context.folder).filePath(QStringLiteral("network.json"));
    const QString path = QFile::exists(kept) ? kept : context.networkFile;
    if (path.isEmpty() || !QFile::exists(path))
        return Parameters::defaults();
    const auto config = NetworkConfig::load(path);
    if (!config)
        return Error{config.error()};
    return config->params;
}

void ProjectionReader::close()
{
    m_db.close();
    m_genesisStartMs = 0;
    m_names.clear();
    m_keysById.clear();
}

Result<void> ProjectionReader::readMeta()
{
    auto rows = m_db.query(QStringLiteral("SELECT key, value FROM ledger_meta"));
    if (!rows)
        return Error{rows.error()};
    QHash<QString, qint64> meta;
    while (rows.value().next())
        meta.insert(rows->value(0).toString(), rows->value(1).toLongLong());
    m_genesisStartMs = meta.value(QStringLiteral("genesis_start_ms"));
    m_projectedMs = meta.value(QStringLiteral("now_ms"), m_context.nowMs);
    m_lastClosedEpoch = meta.value(QStringLiteral("last_closed_epoch"), -1);
    // The ledger's own epoch length is the one its epochs were cut with.
    if (const qint64 length = meta.value(QStringLiteral("epoch_length_ms")); length > 0)
        m_params.epochLengthMs = length;
    return {};
}

void ProjectionReader::loadNames()
{
    m_names.clear();
    m_keysById.clear();
    for (const OwnNode &node : std::as_const(m_context.own))
        m_keysById.insert(node.id, node.publicKey);
    auto rows = m_db.query(QStringLiteral("SELECT node, name FROM ledger_nodes UNION ALL "
                                          "SELECT DISTINCT node, '' FROM ledger_offers"));
    if (!rows)
        return;
    while (rows.value().next()) {
        const QByteArray key = rows->value(0).toByteArray();
        const QString name = rows->value(1).toString();
        if (!name.isEmpty() || !m_names.contains(key))
            m_names.insert(key, name);
        m_keysById.insert(NodeId::fromPublicKey(key).toHex(), key);
    }
}

qint64 ProjectionReader::epochOf(qint64 timeMs) const
{
    if (m_genesisStartMs <= 0 || timeMs < m_genesisStartMs)
        return -1;
    return (timeMs - m_genesisStartMs) / epochLengthMs();
}

Result<QByteArray> ProjectionReader::keyOf(const QString &idHex)
{
    const QString id = idHex.trimmed().toLower();
    if (const auto key = m_keysById.constFind(id); key != m_keysById.cend())
        return key.value();
    return fail(QStringLiteral("the network's ledger does not know the node %1 yet")
                    .arg(NodeId::fromHex(id).shortText()));
}

Result<QList<QByteArray>> ProjectionReader::keysFor(const QString &idHex)
{
    if (!idHex.isEmpty()) {
        auto key = keyOf(idHex);
        if (!key)
            return Error{key.error()};
        return QList<QByteArray>{key.value()};
    }
    QList<QByteArray> keys;
    for (const OwnNode &node : std::as_const(m_context.own))
        keys.append(node.publicKey);
    return keys;
}

bool ProjectionReader::isOwn(const QByteArray &key) const
{
    for (const OwnNode &node : m_context.own) {
        if (node.publicKey == key)
            return true;
    }
    return false;
}

QString ProjectionReader::labelOf(const QByteArray &key)
{
    for (const OwnNode &node : std::as_const(m_context.own)) {
        if (node.publicKey == key)
            return node.name;
    }
    const QString name = m_names.value(key);
    return name.isEmpty() ? NodeId::fromPublicKey(key).shortText() : name;
}

bool ProjectionReader::inRange(qint64 timeMs, interfaces::TimeRange range)
{
    return (range.fromMs <= 0 || timeMs >= range.fromMs) &&
           (range.toMs <= 0 || timeMs <= range.toMs);
}

Result<QList<ProjectionReader::Epoch>> ProjectionReader::closedEpochs(interfaces::TimeRange range)
{
    auto rows = m_db.query(
        QStringLiteral("SELECT epoch, end_ms, close_hash FROM ledger_epochs ORDER BY epoch"));
    if (!rows)
        return Error{rows.error()};
    QList<Epoch> epochs;
    while (rows.value().next()) {
        Epoch e;
        e.epoch = rows->value(0).toLongLong();
        e.endMs = rows->value(1).toLongLong();
        e.startMs = e.endMs - epochLengthMs();
        e.closeHash = rows->value(2).toByteArray();
        if (inRange(e.endMs, range))
            epochs.append(e);
    }
    return epochs;
}

Result<QString> ProjectionReader::fingerprint()
{
    const auto events = m_db.scalar(QStringLiteral("SELECT max(rowid) FROM events"), {}, 0);
    if (!events)
        return Error{events.error()};
    const auto meta = m_db.scalar(
        QStringLiteral("SELECT group_concat(key || '=' || value, ';') FROM ledger_meta"), {},
        QString());
    if (!meta)
        return Error{meta.error()};
    return QString(m_db.path() + QLatin1Char('|') + events->toString() + QLatin1Char('|') +
                   meta->toString());
}

} // namespace streamsync::console
