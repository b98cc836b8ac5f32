#pragma once

#include <QtGlobal>

namespace streamsync {

// Cost of turning a passphrase into a key. The defaults make a guess cost ~0.2 s and 64 MiB on a
// desktop, which is the point; tests pass cheaper ones. A header of its own so the console's
// main() and tests can choose a cost without seeing OpenSSL.
struct ScryptCost
{
    quint64 n = 1 << 16;
    quint32 r = 8;
    quint32 p = 1;

    static ScryptCost interactive() { return {}; }
    static ScryptCost fastForTests() { return {1 << 10, 8, 1}; }
};

} // namespace streamsync
