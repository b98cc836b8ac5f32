#pragma once

#include "log/Event.h"
#include "util/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>

namespace streamsync::gossip {

// The anti-entropy messages of DESIGN §4 on top of the shapes in net/Messages.h: builders, and
// parsers that check what the generic validation cannot (key and hash sizes, seq order), so the
// engine only ever sees well-formed values. A parse error is a protocol violation by the peer.

struct Heads
{
    Event::Deps heads;  // author key → (seq, hash) of every feed the sender holds
    bool reply = false; // sent in answer to a heads: must not be answered again
};
QCborMap makeHeads(const Event::Deps &heads, bool reply);
Result<Heads> parseHeads(const QCborMap &message);

struct RangePull
{
    QByteArray author;
    quint64 fromSeq = 0; // inclusive
    quint64 toSeq = 0;   // inclusive
    // A one-event request for our own head's seq, sent when the peer's feed disagrees with ours:
    // the reply either proves a fork or shows the peer is broken.
    bool probe = false;
};
QCborMap makeRangePull(const RangePull &pull);
Result<RangePull> parseRangePull(const QCborMap &message);

QCborMap makeEvents(const QList<QByteArray> &encodedEvents);
Result<QList<QByteArray>> parseEvents(const QCborMap &message);

// `proof` is ForkProof::toCbor(); it is judged by ForkProof, not here.
QCborMap makeForkProof(const QCborMap &proof);
Result<QCborMap> parseForkProof(const QCborMap &message);

} // namespace streamsync::gossip
