#include "ledger/SlashBody.h"

#include "crypto/Sha256.h"
#include "ledger/BodyFields.h"
#include "net/StorageMessages.h"

#include <QCborArray>

namespace streamsync {

QCborMap SlashStatement::toCbor() const
{
    return QCborMap{
        {QStringLiteral("object"), object},        {QStringLiteral("index"), index},
        {QStringLiteral("leaf_count"), leafCount}, {QStringLiteral("leaf_hash"), leafHash},
        {QStringLiteral("query_id"), queryId},     {QStringLiteral("sig"), sig}};
}

Result<SlashStatement> SlashStatement::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, QStringLiteral("slash: statement"));
    SlashStatement s;
    LEDGER_TAKE(s.object, f.bytes("object", BodyFields::kHashSize));
    LEDGER_TAKE(s.index, f.uint("index"));
    LEDGER_TAKE(s.leafCount, f.uint("leaf_count"));
    LEDGER_TAKE(s.leafHash, f.bytes("leaf_hash", BodyFields::kHashSize));
    LEDGER_TAKE(s.queryId, f.shortBytes("query_id", kMaxQueryIdBytes));
    LEDGER_TAKE(s.sig, f.bytes("sig", BodyFields::kSigSize));
    if (s.index >= s.leafCount)
        return f.error(
            QStringLiteral("index %1 is not below leaf_count %2").arg(s.index).arg(s.leafCount));
    return s;
}

QByteArray SlashStatement::signedBytes() const
{
    wire::ChunkAnswer answer;
    answer.queryId = queryId;
    answer.objectId = object;
    answer.index = index;
    answer.leafCount = leafCount;
    return wire::statement(answer, leafHash);
}

QByteArray SlashStatement::hash() const
{
    return sha256(signedBytes());
}

QCborMap SlashWitness::toCbor() const
{
    QCborArray hashes;
    for (const QByteArray &h : path)
        hashes.append(h);
    return QCborMap{{QStringLiteral("leaf_hash"), leafHash}, {QStringLiteral("path"), hashes}};
}

Result<SlashWitness> SlashWitness::fromCbor(const QCborMap &map)
{
    const QString where = QStringLiteral("slash: witness");
    const BodyFields f(map, where);
    SlashWitness w;
    LEDGER_TAKE(w.leafHash, f.bytes("leaf_hash", BodyFields::kHashSize));
    QCborArray hashes;
    LEDGER_TAKE(hashes, f.array("path", kMaxPath));
    for (qsizetype i = 0; i < hashes.size(); ++i) {
        QByteArray h;
        LEDGER_TAKE(h,
                    BodyFields::bytesValue(hashes.at(i), where, QStringLiteral("path[%1]").arg(i),
                                           BodyFields::kHashSize));
        w.path.append(h);
    }
    return w;
}

QCborMap SlashBody::toCbor() const
{
    return QCborMap{{QStringLiteral("node"), node},
                    {QStringLiteral("statement"), statement.toCbor()},
                    {QStringLiteral("witness"), witness.toCbor()}};
}

Result<SlashBody> SlashBody::fromCbor(const QCborMap &map)
{
    const BodyFields f(map, QStringLiteral("slash"));
    SlashBody b;
    LEDGER_TAKE(b.node, f.key("node"));
    QCborMap statement, witness;
    LEDGER_TAKE(statement, f.map("statement"));
    LEDGER_TAKE(witness, f.map("witness"));
    LEDGER_TAKE(b.statement, SlashStatement::fromCbor(statement));
    LEDGER_TAKE(b.witness, SlashWitness::fromCbor(witness));
    return b;
}

} // namespace streamsync
