#include "daemon/PeerAddress.h"

#include <QRegularExpression>

namespace streamsync {

namespace {

constexpr int kNodeIdHexChars = 64;

} // namespace

Result<PeerAddress> PeerAddress::parseEndpoint(const QString &text, bool allowPortZero)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^(?:\[([^\]]+)\]|([^:\[\]]+)):(\d{1,5})$)"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return fail(QStringLiteral("'%1' is not HOST:PORT").arg(text));
    const uint port = match.captured(3).toUInt();
    if (port > 65535 || (port == 0 && !allowPortZero))
        return fail(QStringLiteral("'%1': the port must be 1 to 65535").arg(text));
    PeerAddress address;
    address.host = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
    address.port = quint16(port);
    return address;
}

Result<PeerAddress> PeerAddress::parsePeer(const QString &text)
{
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return fail(
            QStringLiteral("'%1' is not HOST:PORT@NODEID (the node id pins the peer)").arg(text));
    auto address = parseEndpoint(text.left(at), false);
    if (!address)
        return address;
    const QString id = text.mid(at + 1).trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{%1}$").arg(kNodeIdHexChars));
    if (!hex.match(id).hasMatch())
        return fail(QStringLiteral("'%1': the node id must be %2 hex characters "
                                   "(`streamsync-node id --data DIR` prints it)")
                        .arg(text)
                        .arg(kNodeIdHexChars));
    address.value().nodeId = NodeId::fromHex(id);
    return address;
}

QString PeerAddress::endpointText() const
{
    const QString shownHost =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return shownHost + QLatin1Char(':') + QString::number(port);
}

} // namespace streamsync
