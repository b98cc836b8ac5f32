#include "daemon/ServeEndpoint.h"

namespace streamsync {

Result<QHostAddress> ServeEndpoint::bindAddress(const QString &allowFlag) const
{
    if (!address)
        return fail(QStringLiteral("no address to listen on"));
    const QString &host = address->host;
    QHostAddress ip;
    if (host == QLatin1String("localhost"))
        ip = QHostAddress(QHostAddress::LocalHost);
    else if (!ip.setAddress(host))
        return fail(QStringLiteral("cannot listen on '%1': give an IP address such as 127.0.0.1")
                        .arg(host));
    if (!ip.isLoopback() && !allowRemote)
        return fail(QStringLiteral("refusing to listen on %1: it is not a loopback address, so "
                                   "other machines could connect; add %2 to allow that")
                        .arg(address->endpointText(), allowFlag));
    return ip;
}

} // namespace streamsync
