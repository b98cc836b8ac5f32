#pragma once

#include "market/PricingStrategy.h"
#include "money/Money.h"

#include <QDir>
#include <QString>

#include <optional>

namespace streamsync {

// What `streamsync-node run` was asked to do in the market (issue #5, docs/market.md). Without
// a network file the node keeps no ledger: it gossips and serves, but answers no market request.
struct MarketSettings
{
    QString networkFile; // --network FILE (NetworkConfig)
    // --offer-price / --offer-price-gb-month: the first offer, made at start when the node has
    // none. Without --offer-price the node offers nothing until the operator does.
    std::optional<Money> offerPrice;
    std::optional<Money> offerGbMonthPrice;
    // --bond: bonded at start when the node has no stake bonded and its balance covers it.
    std::optional<Money> bond;
    // --strategy: how the node re-prices at start and once per epoch.
    PricingStrategy::Kind strategy = PricingStrategy::Kind::Fixed;
    // --cost-floor (per query; µcr): the lowest price the strategy goes to. Default: a quarter of
    // the first offer's price.
    std::optional<Money> costFloor;
    // --genesis-key FILE: the network's genesis key (a KeyFile unlocked with the node's
    // passphrase), to close epochs while no stake is bonded (EpochCloser). One process only.
    QString genesisKeyFile;

    bool enabled() const { return !networkFile.isEmpty(); }
    // The copy of the network's config `run --network` keeps in the node's folder, so the
    // `offer`, `bond` and `unbond` commands check against the network's bounds.
    static QString networkCopyPath(const QString &dataDir)
    {
        return QDir(dataDir).filePath(QStringLiteral("network.json"));
    }
};

} // namespace streamsync
