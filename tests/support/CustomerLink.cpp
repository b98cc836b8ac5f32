#include "CustomerLink.h"

#include "crypto/NodeId.h"
#include "net/NodeCertificate.h"
#include "net/PeerConnection.h"
#include "net/StorageMessages.h"

#include <QDeadlineTimer>
#include <QTest>

namespace streamsync {

bool waitFor(const std::function<bool()> &check, int timeoutMs, int pollMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (check())
            return true;
        QTest::qWait(pollMs);
    }
    return check();
}

CustomerLink::CustomerLink(const Ed25519SigningKey &key, const Parameters &params) : m_key(key)
{
    m_transport.paramsHash = params.hash();
}

CustomerLink::~CustomerLink()
{
    delete m_connection;
}

Result<void> CustomerLink::connect(const LocalCluster::Node &node)
{
    auto identity = NodeCertificate::create(m_key);
    if (!identity)
        return Error{identity.error()};
    m_connection = PeerConnection::dial(node.host, node.port, NodeId::fromHex(node.idHex),
                                        identity.value(), m_transport);
    if (!waitFor([this] { return m_connection->isReady(); }, 20'000))
        return fail(QStringLiteral("no connection: ") + m_connection->closeReason());
    return {};
}

Result<void> CustomerLink::send(const QCborMap &message)
{
    return m_connection->send(message);
}

QCborMap CustomerLink::awaitReply(quint64 requestId, int timeoutMs)
{
    QCborMap reply;
    const auto claim = [&] {
        while (auto next = m_connection->takeMessage())
            m_unclaimed.append(*next);
        for (qsizetype i = 0; i < m_unclaimed.size(); ++i) {
            if (wire::requestIdOf(m_unclaimed.at(i)) == requestId) {
                reply = m_unclaimed.takeAt(i);
                return true;
            }
        }
        return false;
    };
    waitFor(claim, timeoutMs, 5);
    return reply;
}

QCborMap CustomerLink::request(const QCborMap &message, int timeoutMs)
{
    if (!send(message))
        return {};
    return awaitReply(wire::requestIdOf(message), timeoutMs);
}

} // namespace streamsync
