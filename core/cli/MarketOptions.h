#pragma once

#include "money/Money.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QString>

namespace streamsync::cli {

// What the market commands (`offer`, `bond`, `unbond`) and `run` share.

// A price or an amount given on the command line: a plain integer is µcr ("1500"), anything else
// goes to Money's parser as written ("0.0015 cr", "1500 µcr"). Negative amounts, NaN, infinities
// and overflow are refused, the message naming `flag`.
Result<Money> parsePrice(const QString &text, const QString &flag);

// The network's parameters: from `networkFile` when given, else from DIR/network.json (which
// `run --network` keeps in the node's folder), else the defaults.
Result<Parameters> networkParameters(const QString &dataDir, const QString &networkFile);

} // namespace streamsync::cli
