#include "customer/CustomerSession.h"

#include "customer/CustomerFeed.h"
#include "customer/CustomerKey.h"
#include "db/Database.h"
#include "log/Event.h"
#include "log/EventStore.h"

namespace streamsync {

CustomerSession::CustomerSession(QString dir) : m_dir(std::move(dir)) {}

CustomerSession::~CustomerSession() = default;

Result<std::unique_ptr<CustomerSession>>
CustomerSession::open(const QString &dir, const QString &passphrase, const QString &networkFile)
{
    std::unique_ptr<CustomerSession> session(new CustomerSession(dir));
    if (!networkFile.isEmpty()) {
        auto network = NetworkConfig::load(networkFile);
        if (!network)
            return Error{network.error()};
        session->m_params = network->params;
        session->m_network = std::move(network).value();
    }
    auto key = CustomerKey::load(dir, passphrase);
    if (!key)
        return Error{key.error()};
    session->m_key.emplace(std::move(key).value());
    auto identity = NodeCertificate::create(*session->m_key);
    if (!identity)
        return Error{identity.error()};
    session->m_identity.emplace(std::move(identity).value());
    session->m_transport.paramsHash = session->m_params.hash();
    auto book = ObjectBook::load(dir);
    if (!book)
        return Error{book.error()};
    session->m_book = std::move(book).value();
    return session;
}

Result<CustomerFeed *> CustomerSession::feed()
{
    if (!m_feed) {
        auto feed = CustomerFeed::open(m_dir, *m_key, m_params.maxEventBytes);
        if (!feed)
            return Error{feed.error()};
        m_feed = std::move(feed).value();
    }
    return m_feed.get();
}

std::optional<GenesisBody> CustomerSession::genesis()
{
    auto opened = feed();
    if (!m_network || !opened)
        return std::nullopt;
    const auto event = opened.value()->event(m_network->genesis, 1);
    if (!event || event->kind() != EventKind::Genesis)
        return std::nullopt;
    auto body = GenesisBody::fromCbor(event->body());
    if (!body || body->paramsHash != m_params.hash())
        return std::nullopt;
    return std::move(body).value();
}

Result<void> CustomerSession::importEvent(const QString &dir, const QByteArray &encoded,
                                          const Parameters &params)
{
    auto db = Database::open(CustomerFeed::databasePath(dir), Database::OpenMode::CreateIfMissing);
    if (!db)
        return Error{db.error()};
    EventStore log(*db.value(), params.maxEventBytes);
    const auto accepted = log.accept(encoded);
    if (!accepted)
        return Error{accepted.error()};
    return {};
}

} // namespace streamsync
