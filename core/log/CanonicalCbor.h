#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QCborValue>

namespace streamsync::cbor {

// RFC 8949 §4.2.1 core deterministic encoding: shortest argument encodings, definite lengths,
// map keys sorted bytewise by their own encoding, and no floating point (signed data never holds
// floats). Qt's QCborValue::toCbor() keeps map insertion order and writes doubles at full width,
// so it cannot be used for bytes that are hashed and signed.
// Supported: integers, byte strings, text strings, arrays, maps, true/false/null.
Result<QByteArray> encode(const QCborValue &value);

// Decodes exactly one item and refuses anything that is not in canonical form (re-encoding must
// give the same bytes), trailing bytes included.
Result<QCborValue> decode(const QByteArray &bytes);

} // namespace streamsync::cbor
