#pragma once

#include "interfaces/MarketData.h"
#include "market/PriceProjection.h"
#include "params/Parameters.h"

namespace streamsync::console {

// The Market view's price curve (DESIGN §9): core/market/PriceProjection over one snapshot of
// the ledger's candidates, with the network's price bounds. Immutable once built, so any thread
// may call at() (the GUI does on every mouse move while the price line is dragged).
class ProjectedPriceCurve final : public interfaces::PriceCurve
{
public:
    ProjectedPriceCurve(PriceProjection projection, const Parameters &params,
                        qint64 queriesPerEpoch, qint64 currentPriceMicro);

    interfaces::PricePoint at(qint64 priceMicro) const override;
    qint64 currentPriceMicro() const override { return m_current; }

    // Why a price per query is outside the network's bounds, naming the bound; empty when
    // inside [1, maxPricePerQuery].
    static QString outOfBounds(qint64 priceMicro, const Parameters &params);

private:
    PriceProjection m_projection;
    Parameters m_params;
    qint64 m_queries = 0;
    qint64 m_current = 0;
};

} // namespace streamsync::console
