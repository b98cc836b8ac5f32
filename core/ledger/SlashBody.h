#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>

namespace streamsync {

// What a node signed for one answer (net/StorageMessages.h wire::statement()): the chunk at
// `index` of `leafCount` under the object root `object` has leaf hash `leafHash`.
struct SlashStatement
{
    static constexpr qsizetype kMaxQueryIdBytes = 64;

    QByteArray object; // the object id: the Merkle root of its chunks
    qint64 index = 0;
    qint64 leafCount = 0;
    QByteArray leafHash;
    QByteArray queryId; // ≤ 64 bytes; empty for a fetch
    QByteArray sig;     // the node's Ed25519 signature over wire::statement()

    QCborMap toCbor() const;
    static Result<SlashStatement> fromCbor(const QCborMap &map);
    // The bytes the node signed, exactly as wire::statement() builds them.
    QByteArray signedBytes() const;
    // SHA-256 of signedBytes(): names the statement, so one statement slashes once.
    QByteArray hash() const;
};

// The true leaf at the statement's position, with its RFC 6962 audit path to the object root.
struct SlashWitness
{
    static constexpr qsizetype kMaxPath = 64;

    QByteArray leafHash;
    QList<QByteArray> path; // nearest sibling first, ≤ 64 hashes of 32 bytes

    QCborMap toCbor() const;
    static Result<SlashWitness> fromCbor(const QCborMap &map);
};

// `slash`: a fraud proof against `node` (docs/market.md "Slash"). Parsing checks shapes only;
// FraudCheck::verify() decides whether it proves a false answer.
struct SlashBody
{
    QByteArray node;
    SlashStatement statement;
    SlashWitness witness;

    QCborMap toCbor() const;
    static Result<SlashBody> fromCbor(const QCborMap &map);
};

} // namespace streamsync
