#pragma once

#include "crypto/Ed25519.h"
#include "customer/ObjectBook.h"
#include "ledger/LedgerBodies.h"
#include "ledger/NetworkConfig.h"
#include "net/NodeCertificate.h"
#include "net/TransportConfig.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QString>

#include <memory>
#include <optional>

namespace streamsync {

class CustomerFeed;

// What a customer command works with once its folder is open: the key (unlocked) and its TLS
// identity, the network it talks to (--network FILE: the parameters every node's hello must
// agree on, and the genesis key; the defaults without one) and its object book.
class CustomerSession
{
public:
    ~CustomerSession();
    // `networkFile` may be empty (no market: storage and plain queries only).
    static Result<std::unique_ptr<CustomerSession>>
    open(const QString &dir, const QString &passphrase, const QString &networkFile);

    const QString &dir() const { return m_dir; }
    const Ed25519SigningKey &key() const { return *m_key; }
    const NodeCertificate &identity() const { return *m_identity; }
    const Parameters &params() const { return m_params; }
    const TransportConfig &transport() const { return m_transport; }
    const std::optional<NetworkConfig> &network() const { return m_network; }
    ObjectBook &book() { return m_book; }

    // The customer's own feed (DIR/customer.sqlite), opened on first use.
    Result<CustomerFeed *> feed();
    // The network's genesis, if the customer's database holds it (a local network imports it
    // there; see importEvent): when epochs start, and the customer's grant.
    std::optional<GenesisBody> genesis();

    // Stores one signed event (the genesis) in a customer folder's database, for setup tools.
    static Result<void> importEvent(const QString &dir, const QByteArray &encoded,
                                    const Parameters &params);

private:
    explicit CustomerSession(QString dir);

    QString m_dir;
    std::optional<Ed25519SigningKey> m_key;
    std::optional<NodeCertificate> m_identity;
    Parameters m_params = Parameters::defaults();
    TransportConfig m_transport;
    std::optional<NetworkConfig> m_network;
    ObjectBook m_book;
    std::unique_ptr<CustomerFeed> m_feed;
};

} // namespace streamsync
