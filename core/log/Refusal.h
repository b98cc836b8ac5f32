#pragma once

namespace streamsync {

// Why an event was refused, for callers that act on the reason rather than show it: a gap means
// "pull the missing range", a fork means "publish the proof", the rest mean "the sender is broken
// or hostile". The matching Result carries the operator-facing message.
enum class Refusal {
    None,
    Oversize,
    Malformed,    // not CBOR at all, or not an event (missing, extra or wrong-typed fields)
    NonCanonical, // CBOR, but not RFC 8949 §4.2.1 deterministic encoding
    UnknownKind,
    WrongAuthor,
    BadSignature,
    GapInSeq,
    WrongPrev,
    Fork,
};

} // namespace streamsync
