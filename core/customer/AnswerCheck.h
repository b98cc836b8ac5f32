#pragma once

#include "crypto/NodeId.h"
#include "net/StorageMessages.h"
#include "util/Result.h"

#include <QByteArray>

namespace streamsync {

// Whether an answer to a query may win its race (DESIGN §3): it is for the object, chunk and
// query asked; its chunk's leaf hash and audit path lead to the object id (RFC 9162 §2.1.3.2),
// for the leaf count the race expects (0: not known yet, taken from the answer); and it is
// signed by the node the customer asked, whose key hashes to the pinned node id. A failure says
// which check failed, for the customer's log (and, later, a fraud proof).
struct AnswerCheck
{
    QByteArray objectId;
    qint64 index = 0;
    qint64 expectedLeafCount = 0;
    QByteArray queryId;
    NodeId node;

    Result<void> verify(const wire::ChunkAnswer &answer) const;
    // Whether the node's signature over the statement of the bytes it actually sent verifies:
    // for an answer that failed verify(), the node then provably said something false, which a
    // verified witness for the same chunk turns into a fraud proof (a `slash` event).
    bool signedByNode(const wire::ChunkAnswer &answer) const;

private:
    Result<void> checkShape(const wire::ChunkAnswer &answer) const;
    Result<void> checkSignature(const wire::ChunkAnswer &answer, const QByteArray &leafHash) const;
};

} // namespace streamsync
