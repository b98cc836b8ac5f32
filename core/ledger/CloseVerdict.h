#pragma once

#include <QString>

namespace streamsync {

// What the ledger concludes about one epoch_close event (docs/market.md "Epoch close").
struct CloseVerdict
{
    enum class Kind {
        Valid,        // ranked, on time, complete, payouts equal the recomputation
        WrongPayouts, // ranked and complete, but the payouts differ: a fraud proof
        NotRanked,    // its author is not among the epoch's closers
        TooEarly,     // right payouts, signed before its rank's turn
        BadFrontier,  // does not cover the previous close, or names events we hold otherwise
        Incomplete,   // covers events not held yet: judged again when they arrive
        NotYet,       // for an epoch after the next one to close: judged once that one is
    };

    Kind kind = Kind::NotYet;
    int rank = -1;
    QString reason; // for the refusal record; empty when Valid

    bool isFinal() const { return kind != Kind::Incomplete && kind != Kind::NotYet; }
};

} // namespace streamsync
