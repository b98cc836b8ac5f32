#pragma once

#include "ledger/SlashBody.h"
#include "util/Result.h"

namespace streamsync {

// Decides whether a `slash` body proves that its node signed a false answer (docs/market.md
// "Slash"): the statement's signature verifies by `node`, the witness path proves
// `witness.leafHash` at (index, leaf_count) under `object` (RFC 9162), and the two leaf hashes
// differ. Ok means "fraud proven"; an error says which of the three failed.
class FraudCheck
{
public:
    static Result<void> verify(const SlashBody &slash);
};

} // namespace streamsync
