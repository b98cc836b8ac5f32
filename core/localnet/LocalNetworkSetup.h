#pragma once

#include "localnet/LocalNetworkLayout.h"
#include "localnet/LocalNetworkSpec.h"
#include "params/Parameters.h"
#include "util/Result.h"

#include <QByteArray>

namespace streamsync {

class Ed25519SigningKey;

// Makes a local network's folder ready to start (DESIGN §8), or checks and reuses the one found
// there: the local passphrase, the genesis key, a customer key, one node folder per competitor,
// network.json, and a genesis event that grants every node and the customer credits, imported
// into every node's database and the customer's before anything starts (so each process folds
// the same ledger from its first second). Blocking (key derivation, SQLite): run it off the GUI
// thread; it opens and closes its own database connections on the calling thread.
//
// Keys are created with the cheap scrypt cost: their passphrase is in a file next to them, so a
// slow derivation would protect nothing and only slow every start of the play network.
class LocalNetworkSetup
{
public:
    // Every node's and the customer's grant, in credits: enough to bond and to race for days.
    static constexpr qint64 kNodeGrantCredits = 10'000;
    static constexpr qint64 kCustomerGrantCredits = 1'000'000;

    static Result<LocalNetworkLayout> prepare(const LocalNetworkSpec &spec);
    // The rules of a local network with this spec (parameter overrides of network.json).
    static Parameters parameters(const LocalNetworkSpec &spec);

private:
    static Result<QString> passphrase(const QString &dir);
    static Result<Ed25519SigningKey> genesisKey(const QString &dir, const QString &passphrase);
    static Result<void> prepareCustomer(LocalNetworkLayout &layout, const QString &passphrase);
    static Result<void> prepareNodes(LocalNetworkLayout &layout, const LocalNetworkSpec &spec,
                                     const QString &passphrase);
    static Result<QByteArray> genesisEvent(const LocalNetworkLayout &layout,
                                           const Ed25519SigningKey &key, const Parameters &params);
    // The genesis must fund every competitor asked for: a reused folder with more competitors
    // than its genesis knows cannot give the new ones credits.
    static Result<void> checkGrants(LocalNetworkLayout &layout, const QByteArray &event,
                                    const Parameters &params);
    static Result<void> importGenesis(const LocalNetworkLayout &layout, const QByteArray &event,
                                      const Parameters &params);
    static Result<void> prepareObjects(LocalNetworkLayout &layout, const LocalNetworkSpec &spec);
};

} // namespace streamsync
