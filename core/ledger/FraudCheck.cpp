#include "ledger/FraudCheck.h"

#include "crypto/Ed25519.h"
#include "ledger/BodyFields.h"
#include "storage/MerkleTree.h"

namespace streamsync {

Result<void> FraudCheck::verify(const SlashBody &slash)
{
    const QString node = BodyFields::shortKey(slash.node);
    const auto key = Ed25519PublicKey::fromRaw(slash.node);
    if (!key)
        return fail(QStringLiteral("slash: node %1 is not a valid Ed25519 key").arg(node));
    const SlashStatement &s = slash.statement;
    if (!key->verify(s.signedBytes(), s.sig))
        return fail(QStringLiteral("slash: the statement's signature does not verify by node %1")
                        .arg(node));
    if (!MerkleTree::verifyInclusion(s.object, s.index, s.leafCount, slash.witness.leafHash,
                                     slash.witness.path))
        return fail(QStringLiteral("slash: the witness path does not prove its leaf at index %1 "
                                   "of %2 under the object root")
                        .arg(s.index)
                        .arg(s.leafCount));
    if (slash.witness.leafHash == s.leafHash)
        return fail(QStringLiteral("slash: node %1's statement matches the witness: the answer "
                                   "was true")
                        .arg(node));
    return {};
}

} // namespace streamsync
