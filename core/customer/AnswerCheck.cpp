#include "customer/AnswerCheck.h"

#include "crypto/Ed25519.h"
#include "storage/MerkleTree.h"

namespace streamsync {

Result<void> AnswerCheck::verify(const wire::ChunkAnswer &answer) const
{
    if (auto shaped = checkShape(answer); !shaped)
        return shaped;
    const QByteArray leaf = MerkleTree::leafHash(answer.data);
    if (!MerkleTree::verifyInclusion(objectId, index, answer.leafCount, leaf, answer.proof))
        return fail(QStringLiteral("its chunk and proof do not lead to the object id"));
    return checkSignature(answer, leaf);
}

bool AnswerCheck::signedByNode(const wire::ChunkAnswer &answer) const
{
    return checkSignature(answer, MerkleTree::leafHash(answer.data)).ok();
}

Result<void> AnswerCheck::checkShape(const wire::ChunkAnswer &answer) const
{
    if (answer.objectId != objectId || answer.index != index || answer.queryId != queryId)
        return fail(QStringLiteral("it answers another query"));
    if (answer.leafCount <= index)
        return fail(QStringLiteral("it claims %1 chunks, too few for chunk %2")
                        .arg(answer.leafCount)
                        .arg(index));
    if (expectedLeafCount > 0 && answer.leafCount != expectedLeafCount)
        return fail(QStringLiteral("it claims %1 chunks where the object has %2")
                        .arg(answer.leafCount)
                        .arg(expectedLeafCount));
    return {};
}

Result<void> AnswerCheck::checkSignature(const wire::ChunkAnswer &answer,
                                         const QByteArray &leafHash) const
{
    if (NodeId::fromPublicKey(answer.nodeKey) != node)
        return fail(QStringLiteral("it is signed with a key that is not the node's"));
    const auto key = Ed25519PublicKey::fromRaw(answer.nodeKey);
    if (!key || !key->verify(wire::statement(answer, leafHash), answer.signature))
        return fail(QStringLiteral("its signature does not verify"));
    return {};
}

} // namespace streamsync
