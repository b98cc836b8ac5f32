#include "localnet/LocalNetworkSpec.h"

namespace streamsync {

Result<void> LocalNetworkSpec::validate() const
{
    if (dir.isEmpty())
        return fail(QStringLiteral("the local network needs a folder"));
    if (nodeProgram.isEmpty())
        return fail(QStringLiteral("the local network needs the streamsync-node program"));
    // Fewer than three competitors is no market; more than a few dozen processes overload a
    // desktop before they teach anything.
    if (competitors < 3 || competitors > 32)
        return fail(QStringLiteral("--competitors must be between 3 and 32"));
    if (epochMs < 1000)
        return fail(QStringLiteral("--epoch-ms must be at least 1000"));
    if (rate < 0 || rate > 1000)
        return fail(QStringLiteral("--rate must be between 0 and 1000 queries a second"));
    if (basePort != 0 && int(basePort) + competitors > 65535)
        return fail(QStringLiteral("--base-port leaves no room for %1 nodes").arg(competitors));
    if (objects < 1 || objectBytes < 1)
        return fail(QStringLiteral("the customer needs at least one non-empty object"));
    if (maxPrice.micro() < 1)
        return fail(QStringLiteral("the customer's maximum price must be at least 1 µcr"));
    return {};
}

} // namespace streamsync
